import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../entrypoints/background/router.ts';

const self = { id: 'ext', origin: 'chrome-extension://ext' };
const page = { id: 'ext', url: 'chrome-extension://ext/popup.html' };

/** Every handler refuses, except getStatus: enough to see which one the router calls. */
function handlers(getStatus: Handlers['getStatus'] = () => Promise.resolve({ state: 'no-profile', username: null })) {
  const unexpected = () => Promise.reject(new Error('not this handler'));
  const all = Object.fromEntries(
    ['setupProfile', 'unlock', 'lock', 'getProfile', 'changePhrase', 'deleteProfile', 'setAutoLock', 'listChats', 'createChat', 'renameChat', 'clearChatHistory', 'deleteChat', 'sendMessage', 'discoverPointer', 'listMessages', 'getMessage', 'trashMessage', 'restoreMessage', 'deleteMessageForever', 'emptyTrash'].map((t) => [t, vi.fn(unexpected)]),
  );
  return { ...all, getStatus: vi.fn(getStatus) } as unknown as Handlers & { getStatus: ReturnType<typeof vi.fn> };
}

describe('the background router', () => {
  it('answers an extension page through the handler', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    await expect(route({ type: 'getStatus', payload: {} }, page)).resolves.toEqual({
      ok: true,
      value: { state: 'no-profile', username: null },
    });
    expect(h.getStatus).toHaveBeenCalledOnce();
  });

  it('gives a content script nothing, not even an error, and runs no handler', () => {
    const h = handlers();
    const route = createRouter(h, self);
    expect(route({ type: 'getStatus', payload: {} }, { id: 'ext', url: 'https://example.com/' })).toBeUndefined();
    expect(h.getStatus).not.toHaveBeenCalled();
  });

  it('turns an unknown type into an error reply without calling a handler', async () => {
    const h = handlers();
    const reply = await createRouter(h, self)({ type: 'nope', payload: {} }, page);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    expect(h.getStatus).not.toHaveBeenCalled();
  });

  it('hides an unexpected error’s text from the reply and the log', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const route = createRouter(handlers(() => Promise.reject(new Error('secret phrase: hunter2'))), self);
    const reply = await route({ type: 'getStatus', payload: {} }, page);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
    expect(JSON.stringify(log.mock.calls)).not.toContain('hunter2');
    log.mockRestore();
  });
});
