import { describe, expect, it } from 'vitest';
import type { DiscoveryResultView, DiscoveryView } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createDiscoverModel } from '../../../models/discover-model.ts';
import { fakeApi, type FakeHandlers } from './fake-api.ts';
import { chatView, discoveryView, messageView } from './views.ts';

const DISCOVERED: DiscoveryResultView = { pointer: 'CLM1:pointer-4', status: 'discovered', message: messageView({ id: 4 }) };
const DUPLICATE: DiscoveryResultView = { pointer: 'CLM1:pointer-2', status: 'duplicate', message: messageView({ id: 2 }) };
const STRANDED: DiscoveryResultView = {
  pointer: '{"c": "12", "e": 1736854567, "d": "00ff"}',
  status: 'failed',
  error: 'No chat of yours has CLM number 12.',
  pointerCode: 'bad-chat-id',
  unknownChatId: '12',
};
const PROJECT = chatView({ id: '12', clmId: '12', name: 'Project', seedSuffix: 'proj', format: 'clm' });

function setUp(handlers: FakeHandlers) {
  const fake = fakeApi(handlers);
  let discoveries = 0;
  const model = createDiscoverModel(fake.api, () => {
    discoveries++;
  });
  return { model, calls: fake.calls, discoveries: () => discoveries };
}

describe('the discover model', () => {
  it('reads the pasted text, shows each pointer’s result, and says the lists changed when a message is new', async () => {
    const { model, calls, discoveries } = setUp({ discoverText: () => discoveryView([DISCOVERED, STRANDED]) });
    expect(await model.discover('look: CLM1:pointer-4 and {"c": "12", …}')).toBe(true);
    expect(model.result.value?.results).toEqual([DISCOVERED, STRANDED]);
    expect(model.error.value).toBeNull();
    expect(model.busy.value).toBe(false);
    expect(discoveries()).toBe(1);
    expect(calls).toEqual([{ type: 'discoverText', payload: { text: 'look: CLM1:pointer-4 and {"c": "12", …}' } }]);
  });

  it('nothing new (duplicates, failures, pointers pending while locked) does not refresh the lists', async () => {
    const PENDING: DiscoveryResultView = { pointer: 'CLM1:pointer-9', status: 'pending' };
    let answer: DiscoveryView = discoveryView([DUPLICATE, STRANDED, PENDING]);
    const { model, discoveries } = setUp({ discoverText: () => answer });
    expect(await model.discover('three pointers')).toBe(true);
    expect(discoveries()).toBe(0);
    // No pointer at all in the text: shown as such, and “false” for the caller.
    answer = { results: [], unreadable: [{ reason: 'not-a-pointer', excerpt: 'CLM1:?' }], truncated: false };
    expect(await model.discover('no pointer here')).toBe(false);
    expect(model.result.value?.unreadable).toHaveLength(1);
    expect(discoveries()).toBe(0);
  });

  it('a new paste hides the last result while it is read, and is busy meanwhile', async () => {
    const second = Promise.withResolvers<DiscoveryView>();
    let n = 0;
    const { model } = setUp({ discoverText: () => (++n === 1 ? discoveryView([DISCOVERED]) : second.promise) });
    await model.discover('first');
    expect(model.result.value).not.toBeNull();
    const reading = model.discover('second');
    expect(model.result.value).toBeNull();
    expect(model.busy.value).toBe(true);
    second.resolve(discoveryView([DUPLICATE]));
    expect(await reading).toBe(true);
    expect(model.result.value?.results).toEqual([DUPLICATE]);
  });

  it('an older paste answering last does not replace what the newer one found, but its finds still refresh the lists', async () => {
    const first = Promise.withResolvers<DiscoveryView>();
    const { model, discoveries } = setUp({ discoverText: ({ text }) => (text === 'first' ? first.promise : discoveryView([DUPLICATE])) });
    const readingFirst = model.discover('first');
    expect(await model.discover('second')).toBe(true);
    first.resolve(discoveryView([DISCOVERED]));
    expect(await readingFirst).toBe(true);
    expect(model.result.value?.results).toEqual([DUPLICATE]);
    expect(discoveries()).toBe(1);
  });

  it('text that cannot be looked at says why, shows no result, and changes no list', async () => {
    const { model, discoveries } = setUp({ discoverText: () => Promise.reject(new RequestError('locked', 'The extension is locked.')) });
    expect(await model.discover('CLM1:pointer-4')).toBe(false);
    expect(model.error.value).toBe('The extension is locked.');
    expect(model.result.value).toBeNull();
    expect(model.busy.value).toBe(false);
    expect(discoveries()).toBe(0);
  });

  it('adds the chat a stranded pointer names, refreshes the lists, and reads the last paste again', async () => {
    let added = false;
    const { model, calls, discoveries } = setUp({
      discoverText: () => discoveryView([added ? { pointer: STRANDED.pointer, status: 'discovered', message: messageView({ id: 7, chatId: '12', chatName: 'Project' }) } : STRANDED]),
      addChatForPointer: () => {
        added = true;
        return { chat: PROJECT, moved: 1 };
      },
    });
    await model.discover('the paste');
    expect(discoveries()).toBe(0);
    expect(await model.addChat('12', 'Project', 'proj')).toEqual(PROJECT);
    expect(model.result.value?.results[0]?.status).toBe('discovered');
    // Once for the chat added, once for the message the paste now finds.
    expect(discoveries()).toBe(2);
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['discoverText', { text: 'the paste' }],
      ['addChatForPointer', { clmId: '12', name: 'Project', seedSuffix: 'proj' }],
      ['discoverText', { text: 'the paste' }],
    ]);
  });

  it('a blank seed suffix is left to the background, and without a paste there is nothing to read again', async () => {
    const { model, calls, discoveries } = setUp({ addChatForPointer: () => ({ chat: PROJECT, moved: 0 }) });
    expect(await model.addChat('12', 'Project', '  ')).toEqual(PROJECT);
    expect(calls).toStrictEqual([{ type: 'addChatForPointer', payload: { clmId: '12', name: 'Project' } }]);
    expect(discoveries()).toBe(1);
  });

  it('a chat that could not be added says why and reads nothing again', async () => {
    const { model, calls, discoveries } = setUp({
      discoverText: () => discoveryView([STRANDED]),
      addChatForPointer: () => Promise.reject(new RequestError('invalid-input', 'A chat has CLM number 12 already.')),
    });
    await model.discover('the paste');
    expect(await model.addChat('12', 'Project', '')).toBeUndefined();
    expect(model.error.value).toBe('A chat has CLM number 12 already.');
    // The last paste's result stays on screen, with the pointer the person may still add.
    expect(model.result.value?.results).toEqual([STRANDED]);
    expect(calls.map((c) => c.type)).toEqual(['discoverText', 'addChatForPointer']);
    expect(discoveries()).toBe(0);
  });

  it('reset forgets the result and the error', async () => {
    let fail = false;
    const { model } = setUp({ discoverText: () => (fail ? Promise.reject(new Error('The extension is locked.')) : discoveryView([DISCOVERED])) });
    await model.discover('x');
    model.reset();
    expect(model.result.value).toBeNull();
    fail = true;
    await model.discover('x');
    expect(model.error.value).not.toBeNull();
    model.reset();
    expect(model.error.value).toBeNull();
  });
});
