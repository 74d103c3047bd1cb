import { afterEach, describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { catalogBackend, installI18n, splitDetail, t } from '../../../lib/i18n/i18n.ts';
import type { ChatView } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createChatsModel } from '../../../models/chats-model.ts';
import { fakeApi, type FakeHandlers, settle } from './fake-api.ts';
import { chatView } from './views.ts';

const GENERAL = chatView();
const PROJECT = chatView({ id: '4', clmId: '4', name: 'Project', seedSuffix: 'proj', format: 'clm', phrase: 'own', messageCount: 2, lastMessageAt: 1_736_854_567_000 });

afterEach(() => {
  installI18n(catalogBackend(en, 'en-US'));
});

/** A background holding `list` as its chats (the handlers may change it). */
function setUp(handlers: FakeHandlers, list: ChatView[] = [GENERAL]) {
  const fake = fakeApi({ listChats: () => [...list], ...handlers });
  return { model: createChatsModel(fake.api), calls: fake.calls, list };
}

describe('the chats model', () => {
  it('reads the chat list; a failed read says why and keeps the list shown', async () => {
    let fail = false;
    const { model } = setUp({ listChats: () => (fail ? Promise.reject(new RequestError('locked', 'The extension is locked.')) : [GENERAL, PROJECT]) });
    expect(model.chats.value).toBeNull();
    await model.refresh();
    expect(model.chats.value).toEqual([GENERAL, PROJECT]);
    expect(model.error.value).toBeNull();
    fail = true;
    await model.refresh();
    expect(model.error.value).toBe('The extension is locked.');
    expect(model.chats.value).toEqual([GENERAL, PROJECT]);
    fail = false;
    await model.refresh();
    expect(model.error.value).toBeNull();
  });

  it('in another language a failed read is this place’s sentence when the code says nothing more', async () => {
    installI18n(catalogBackend(ru, 'ru'));
    const { model } = setUp({ listChats: () => Promise.reject(new RequestError('internal', 'db closed')) });
    await model.refresh();
    expect(model.error.value).not.toBeNull();
    expect(splitDetail(model.error.value ?? '')).toEqual({ message: t('error_load_chats'), detail: 'db closed' });
  });

  it('the locked screen lists names only when the person chose so, and nothing when it cannot ask', async () => {
    let names: string[] | null = ['General', 'Project'];
    let fail = false;
    const { model, calls } = setUp({ listChatNames: () => (fail ? Promise.reject(new Error('no answer')) : { names }) });
    await model.refreshLocked();
    expect(model.lockedNames.value).toEqual(['General', 'Project']);
    names = null;
    await model.refreshLocked();
    expect(model.lockedNames.value).toBeNull();
    names = ['General'];
    await model.refreshLocked();
    fail = true;
    await model.refreshLocked();
    // A failure shows no stale names (and no error: the locked screen has none to show).
    expect(model.lockedNames.value).toBeNull();
    expect(model.error.value).toBeNull();
    expect(calls.every((c) => c.type === 'listChatNames')).toBe(true);
  });

  it('creates a chat with only the fields given, then reads the list again', async () => {
    const { model, calls, list } = setUp({
      createChat: (spec) => {
        const chat = chatView({ id: String(list.length + 1), clmId: spec.clmId ?? String(list.length + 1), name: spec.name, seedSuffix: spec.seedSuffix ?? '', format: spec.format ?? 'sealed2' });
        list.push(chat);
        return chat;
      },
    });
    const made = await model.create({ name: 'Project', seedSuffix: '   ', format: 'sealed2', phrase: undefined, clmId: ' ' });
    expect(made).toMatchObject({ id: '2', name: 'Project', clmId: '2' });
    const second = await model.create({ name: 'Old CLM', seedSuffix: 'proj', format: 'clm', phrase: 'our secret', weakPhraseAccepted: true, clmId: '7' });
    expect(second).toMatchObject({ clmId: '7', seedSuffix: 'proj', format: 'clm' });
    expect(calls.map((c) => c.type)).toEqual(['createChat', 'listChats', 'createChat', 'listChats']);
    // No blank seed suffix, no absent phrase, no blank CLM number: the background picks them.
    expect(calls[0]?.payload).toStrictEqual({ name: 'Project', format: 'sealed2' });
    expect(calls[2]?.payload).toStrictEqual({ name: 'Old CLM', format: 'clm', seedSuffix: 'proj', phrase: 'our secret', weakPhraseAccepted: true, clmId: '7' });
    expect(model.chats.value?.map((c) => c.name)).toEqual(['General', 'Project', 'Old CLM']);
    expect(model.actionError.value).toBeNull();
  });

  it('is busy until the list is read again after an action', async () => {
    const listed = Promise.withResolvers<ChatView[]>();
    let reads = 0;
    const { model, calls } = setUp({
      renameChat: ({ chatId, name }) => chatView({ id: chatId, name }),
      listChats: () => (++reads === 1 ? listed.promise : [GENERAL]),
    });
    const renaming = model.rename('1', 'Main');
    expect(model.busy.value).toBe(true);
    await settle();
    // Renamed, the list asked for and not answered yet: still busy.
    expect(calls.map((c) => c.type)).toEqual(['renameChat', 'listChats']);
    expect(model.busy.value).toBe(true);
    listed.resolve([chatView({ name: 'Main' })]);
    expect(await renaming).toBe(true);
    expect(model.busy.value).toBe(false);
    expect(model.chats.value?.[0]?.name).toBe('Main');
  });

  it('a refused action says why, reads nothing, and the error can be dismissed', async () => {
    const { model, calls } = setUp({
      renameChat: () => Promise.reject(new RequestError('invalid-input', 'A chat with this name exists already.')),
      deleteChat: () => Promise.reject(new RequestError('not-found', 'That chat is not there any more.')),
    });
    expect(await model.rename('1', 'Project')).toBe(false);
    expect(model.actionError.value).toBe('A chat with this name exists already.');
    expect(model.busy.value).toBe(false);
    expect(await model.remove('9')).toBe(false);
    expect(model.actionError.value).toBe('That chat is not there any more.');
    expect(calls.map((c) => c.type)).toEqual(['renameChat', 'deleteChat']);
    model.clearActionError();
    expect(model.actionError.value).toBeNull();
    // The next action starts without the old error.
    expect(await model.create({ name: 'x', seedSuffix: '', format: 'sealed' })).toBeUndefined();
    expect(model.actionError.value).toBe('The extension did not answer createChat.');
  });

  it('an action that worked still works when the list cannot be read after it', async () => {
    const { model } = setUp({
      clearChatHistory: ({ chatId }) => chatView({ id: chatId, messageCount: 0 }),
      listChats: () => Promise.reject(new Error('The extension is locked.')),
    });
    expect(await model.clearHistory('1')).toBe(true);
    expect(model.actionError.value).toBeNull();
    expect(model.error.value).toBe('The extension is locked.');
  });

  it('sends each chat setting as asked, and the profile’s phrase again without a phrase field', async () => {
    const { model, calls } = setUp({
      setChatFormat: ({ chatId, format }) => chatView({ id: chatId, format }),
      setChatClmId: ({ chatId, clmId }) => chatView({ id: chatId, clmId }),
      setChatPhrase: ({ chatId, phrase }) => chatView({ id: chatId, phrase: phrase === undefined ? 'master' : 'own' }),
      clearChatHistory: ({ chatId }) => chatView({ id: chatId }),
      deleteChat: () => ({ deletedMessages: 3 }),
    });
    expect(await model.setFormat('1', 'clm')).toBe(true);
    expect(await model.setClmId('1', '12')).toBe(true);
    expect(await model.setPhrase('1', 'only us')).toBe(true);
    expect(await model.setPhrase('1', 'only us', true)).toBe(true);
    expect(await model.setPhrase('1', undefined)).toBe(true);
    expect(await model.clearHistory('1')).toBe(true);
    expect(await model.remove('1')).toBe(true);
    const asked = calls.filter((c) => c.type !== 'listChats');
    expect(asked.map((c) => [c.type, c.payload])).toStrictEqual([
      ['setChatFormat', { chatId: '1', format: 'clm' }],
      ['setChatClmId', { chatId: '1', clmId: '12' }],
      ['setChatPhrase', { chatId: '1', phrase: 'only us' }],
      ['setChatPhrase', { chatId: '1', phrase: 'only us', weakPhraseAccepted: true }],
      ['setChatPhrase', { chatId: '1' }],
      ['clearChatHistory', { chatId: '1' }],
      ['deleteChat', { chatId: '1' }],
    ]);
    expect(calls.filter((c) => c.type === 'listChats')).toHaveLength(7);
  });

  it('reveals a chat’s phrase, gives its invite, and adds a chat from an invite', async () => {
    const joined = chatView({ id: '5', clmId: '5', name: 'Family', phrase: 'own' });
    const { model, calls } = setUp({
      revealChatPhrase: ({ masterPhrase }) => (masterPhrase === 'right' ? { phrase: 'only us' } : Promise.reject(new Error('That is not your profile phrase.'))),
      getChatInvite: ({ chatId }) => ({ invite: `CLMCHAT1:${chatId}` }),
      addChatFromInvite: () => joined,
    });
    expect(await model.reveal('4', 'right')).toBe('only us');
    expect(await model.reveal('4', 'wrong')).toBeUndefined();
    expect(model.actionError.value).toBe('That is not your profile phrase.');
    expect(await model.invite('4')).toBe('CLMCHAT1:4');
    expect(model.actionError.value).toBeNull();
    expect(await model.addFromInvite('CLMCHAT1:5', undefined)).toEqual(joined);
    expect(await model.addFromInvite('CLMCHAT1:5', 'their phrase')).toEqual(joined);
    const asked = calls.filter((c) => c.type !== 'listChats');
    expect(asked.map((c) => c.payload)).toStrictEqual([
      { chatId: '4', masterPhrase: 'right' },
      { chatId: '4', masterPhrase: 'wrong' },
      { chatId: '4' },
      { invite: 'CLMCHAT1:5' },
      { invite: 'CLMCHAT1:5', phrase: 'their phrase' },
    ]);
  });
});
