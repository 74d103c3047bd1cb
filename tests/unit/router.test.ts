import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../entrypoints/background/router.ts';
import { checkResponse, REQUEST_TYPES, type RequestOf, type RequestType, type ResponseOf } from '../../lib/wire/protocol.ts';
import type { ChatView, MessageView, ProfileView, StatusView } from '../../lib/wire/views.ts';

const self = { id: 'ext', origin: 'chrome-extension://ext' };
const page = { id: 'ext', url: 'chrome-extension://ext/popup.html' };

const status: StatusView = { state: 'unlocked', username: 'alice' };
const profile: ProfileView = { username: 'alice', clmPublicKey: 'k=', createdAt: 1, autoLockMinutes: 15, chatNamesWhenLocked: false, kdf: { name: 'scrypt', N: 1024, r: 8, p: 1 } };
const chat: ChatView = { id: '1', clmId: '1', name: 'General', seedSuffix: 'general', format: 'clm', phrase: 'master', messageCount: 0, trashedCount: 0, lastMessageAt: null, contact: null };
const message: MessageView = {
  id: 1,
  chatId: '1',
  chatName: 'General',
  stranded: false,
  kind: 'sent',
  sender: 'alice',
  text: 'hi',
  epoch: 5,
  savedAt: 5000,
  trashed: false,
  pointer: '{"c": "1", "e": 5, "d": "00"}',
  format: 'clm',
  integrityProtected: false,
  openedWith: 'profile-phrase',
};
const jobId = 'a'.repeat(32);
const CLM_DATABASE = {
  username: 'Алиса',
  publicKey: 'k=',
  chats: [{ id: '3', name: 'Project', seedSuffix: 'proj' }],
  rows: [{ id: 1, type: 'sent' as const, chatId: '3', epoch: 5, message: 'Алиса: hi', payload: '{"c": "3", "e": 5, "d": "00"}', deleted: false }],
};
const importResult = { imported: 1, alreadyPresent: 0, chatsCreated: 1, refused: [{ rowId: 2, reason: 'damaged' }] };

/** A valid payload of every request type: the map's own types make a missing one a compile error. */
const PAYLOADS: { readonly [T in RequestType]: RequestOf<T> } = {
  getStatus: {},
  setupProfile: { username: 'alice', phrase: 'p', confirmPhrase: 'p' },
  unlock: { phrase: 'p' },
  lock: {},
  getProfile: {},
  changePhrase: { currentPhrase: 'p', newPhrase: 'q', confirmPhrase: 'q' },
  deleteProfile: { confirmation: 'DELETE' },
  setAutoLock: { minutes: 5 },
  setChatNamesWhenLocked: { show: true },
  listChats: {},
  listChatNames: {},
  createChat: { name: 'x', clmId: '6' },
  renameChat: { chatId: '1', name: 'y' },
  setChatFormat: { chatId: '1', format: 'sealed' },
  setChatClmId: { chatId: '1', clmId: '7' },
  setChatPhrase: { chatId: '1', phrase: 'own' },
  revealChatPhrase: { chatId: '1', masterPhrase: 'p' },
  getChatInvite: { chatId: '1' },
  addChatFromInvite: { invite: 'CLMCHAT1:AAAA' },
  addChatForPointer: { clmId: '77', name: 'Chat 77' },
  clearChatHistory: { chatId: '1' },
  deleteChat: { chatId: '1' },
  sendMessage: { chatId: '1', text: 'hi' },
  discoverPointer: { pointer: '{}' },
  discoverText: { text: 'x' },
  listMessages: { query: 'x', limit: 5 },
  getMessage: { id: 1 },
  trashMessage: { id: 1 },
  restoreMessage: { id: 1 },
  deleteMessageForever: { id: 1 },
  emptyTrash: {},
  previewClmImport: { database: CLM_DATABASE, phrase: 'p' },
  importClm: { database: CLM_DATABASE },
  exportBackup: { phrase: 'p' },
  getMyCard: {},
  addContact: { card: 'CLMCARD1:AAAA' },
  setContactVerified: { chatId: '3', verified: true, safetyNumber: '12345 67890' },
  newIdentity: {},
  previewBackup: { file: '{}', phrase: 'p' },
  restoreBackup: { file: '{}', phrase: 'p' },
  getDiscoveryJob: { jobId },
  getComposeJob: { jobId },
  writePointerIntoPage: { jobId, chatId: '1', text: 'hi' },
};

/** What each handler answers: a valid answer of its type, so the client's check passes too. */
const ANSWERS: { readonly [T in RequestType]: ResponseOf<T> } = {
  getStatus: status,
  setupProfile: status,
  unlock: status,
  lock: { state: 'locked', username: 'alice' },
  getProfile: profile,
  changePhrase: status,
  deleteProfile: { state: 'no-profile', username: null },
  setAutoLock: profile,
  setChatNamesWhenLocked: profile,
  listChats: [chat],
  listChatNames: { names: null },
  createChat: chat,
  renameChat: chat,
  setChatFormat: chat,
  setChatClmId: chat,
  setChatPhrase: chat,
  revealChatPhrase: { phrase: 'own' },
  getChatInvite: { invite: 'CLMCHAT1:AAAA' },
  addChatFromInvite: chat,
  addChatForPointer: { chat, moved: 0 },
  clearChatHistory: chat,
  deleteChat: { deletedMessages: 0 },
  sendMessage: { message, pointer: message.pointer, warning: null },
  discoverPointer: { message, duplicate: false },
  discoverText: { results: [{ pointer: message.pointer, status: 'discovered', message }], unreadable: [], truncated: false },
  listMessages: { total: 1, messages: [message], damaged: 0 },
  getMessage: message,
  trashMessage: message,
  restoreMessage: message,
  deleteMessageForever: { id: 1 },
  emptyTrash: { deletedMessages: 0 },
  previewClmImport: { username: 'Алиса', chats: [{ clmId: '3', name: 'Project', seedSuffix: 'proj', status: 'new', messages: 1 }], toImport: 1, alreadyPresent: 0, refused: [] },
  importClm: { result: importResult, status },
  exportBackup: { file: '{}', fileName: 'clm-backup-2026-11-27.json', messages: 3 },
  getMyCard: { card: 'CLMCARD1:AAAA', name: 'alice' },
  addContact: chat,
  setContactVerified: chat,
  newIdentity: { card: 'CLMCARD1:BBBB', name: 'alice' },
  previewBackup: { username: 'Алиса', createdAt: 1, chats: 5, chatsWithOwnPhrase: 1, messages: 3 },
  restoreBackup: { result: { chatsAdded: 5, messagesAdded: 3, alreadyPresent: 0, madeProfile: true, leftOut: [] }, status },
  getDiscoveryJob: { jobId, source: 'page', origin: 'https://x.example', state: 'unlocked', results: [], unreadable: [], truncated: false, readError: null },
  getComposeJob: { jobId, origin: 'https://x.example', state: 'unlocked', chats: [chat], used: false },
  writePointerIntoPage: { pointer: message.pointer, message, inserted: true, problem: null },
};

/** Handlers that record which one ran with what. */
function recordingHandlers() {
  const calls: [RequestType, unknown][] = [];
  const handle =
    <T extends RequestType>(type: T) =>
    (payload: RequestOf<T>): Promise<ResponseOf<T>> => {
      calls.push([type, payload]);
      return Promise.resolve(ANSWERS[type]);
    };
  // Every request type gets the recording handler; built from the map's own list of types.
  const handlers = Object.fromEntries(REQUEST_TYPES.map((type) => [type, handle(type)])) as unknown as Handlers;

  return { handlers, calls };
}

describe('the background router', () => {
  it.each(REQUEST_TYPES)('routes %s to its handler alone, and its answer passes the client’s check', async (type) => {
    const { handlers, calls } = recordingHandlers();
    const reply = await createRouter(handlers, self)({ type, payload: PAYLOADS[type] }, page);
    expect(calls).toEqual([[type, PAYLOADS[type]]]);
    expect(reply).toEqual({ ok: true, value: ANSWERS[type] });
    expect(checkResponse(type, reply?.ok ? reply.value : undefined)).toEqual(ANSWERS[type]);
  });

  it.each(REQUEST_TYPES)('refuses %s with a field it does not have, and runs no handler', async (type) => {
    const { handlers, calls } = recordingHandlers();
    const reply = await createRouter(handlers, self)({ type, payload: { ...PAYLOADS[type], unexpected: 1 } }, page);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });

  it('gives a content script or a web page nothing, not even an error, and runs no handler', () => {
    const { handlers, calls } = recordingHandlers();
    const route = createRouter(handlers, self);
    for (const type of REQUEST_TYPES) {
      expect(route({ type, payload: PAYLOADS[type] }, { id: 'ext', url: 'https://example.com/' })).toBeUndefined();
      expect(route({ type, payload: PAYLOADS[type] }, { id: 'other', url: 'chrome-extension://other/popup.html' })).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });

  it('turns an unknown type into an error reply without calling a handler', async () => {
    const { handlers, calls } = recordingHandlers();
    expect(await createRouter(handlers, self)({ type: 'nope', payload: {} }, page)).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    expect(calls).toEqual([]);
  });

  it('hides an unexpected error’s text from the reply and the log', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { handlers } = recordingHandlers();
    const route = createRouter({ ...handlers, getStatus: () => Promise.reject(new Error('secret phrase: hunter2')) }, self);
    const reply = await route({ type: 'getStatus', payload: {} }, page);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('hunter2');
    expect(JSON.stringify(log.mock.calls)).not.toContain('hunter2');
    log.mockRestore();
  });
});
