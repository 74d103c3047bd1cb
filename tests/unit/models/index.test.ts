import { describe, expect, it } from 'vitest';
import type { MessageView, RequestOf, StatusView } from '../../../lib/wire/protocol.ts';
import { createModels, type PopupDeps } from '../../../models/index.ts';
import { fakeApi, type FakeHandlers, settle } from './fake-api.ts';
import { chatView, discoveryView, messagePage, messageView, UNLOCKED } from './views.ts';

const NEW: MessageView = messageView({ id: 4 });
const FOUND = discoveryView([{ pointer: NEW.pointer, status: 'discovered', message: NEW }]);
const SEEN = discoveryView([{ pointer: NEW.pointer, status: 'duplicate', message: NEW }]);

const BASE: FakeHandlers = {
  listChats: () => [chatView()],
  listMessages: () => messagePage([NEW]),
  discoverText: ({ text }) => (text === 'new' ? FOUND : SEEN),
};

function setUp(handlers: FakeHandlers = {}, deps: Partial<PopupDeps> = {}) {
  const fake = fakeApi({ ...BASE, ...handlers });
  const copied: string[] = [];
  let importPages = 0;
  const models = createModels(fake.api, {
    writeText: (text) => {
      copied.push(text);
      return Promise.resolve();
    },
    openImportPage: () => {
      importPages++;
    },
    ...deps,
  });
  const asked = () => fake.calls.map((c) => c.type);
  const clear = () => fake.calls.splice(0);
  return { models, calls: fake.calls, asked, clear, copied, importPages: () => importPages };
}

describe('the popup’s models, wired together', () => {
  it('a paste that finds a new message reads the chats again, and the open chat', async () => {
    const { models, calls, asked, clear } = setUp();
    await models.conversation.open('1');
    clear();
    expect(await models.discover.discover('new')).toBe(true);
    await settle();
    expect(asked().sort()).toEqual(['discoverText', 'listChats', 'listMessages']);
    expect(calls.find((c) => c.type === 'listMessages')?.payload).toMatchObject({ chatId: '1' });
    expect(models.chats.chats.value).toHaveLength(1);
  });

  it('with no chat open only the chat list is read again; a paste with nothing new reads nothing', async () => {
    const { models, asked, clear } = setUp();
    await models.receive.discover('new');
    await settle();
    expect(asked()).toEqual(['discoverText', 'listChats']);
    clear();
    await models.discover.discover('seen');
    await settle();
    expect(asked()).toEqual(['discoverText']);
  });

  it('“Paste a pointer” and “Receive” each show only their own results', async () => {
    const { models } = setUp();
    await models.receive.discover('new');
    expect(models.receive.result.value).toEqual(FOUND);
    expect(models.discover.result.value).toBeNull();
    models.discover.reset();
    expect(models.receive.result.value).toEqual(FOUND);
  });

  it('history lists kept messages, the trash trashed ones; a trash action reads the trash and the chats again', async () => {
    const { models, calls, clear } = setUp({ restoreMessage: ({ id }) => messageView({ id }) });
    await models.history.reload();
    await models.trash.reload();
    expect(calls.map((c) => (c.payload as RequestOf<'listMessages'>).trashed)).toEqual([false, true]);
    clear();
    await models.trashActions.restore(4);
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['restoreMessage', { id: 4 }],
      ['listMessages', { trashed: true, offset: 0, limit: 50 }],
      ['listChats', {}],
    ]);
  });

  it('a contact added reads the chat list again', async () => {
    const bob = chatView({ id: '3', clmId: '3', name: 'bob', phrase: 'contact', contact: { safetyNumber: '1 2 3', verified: false, needsMyNewCard: false } });
    const { models, asked } = setUp({ addContact: () => bob, listChats: () => [chatView(), bob] });
    await models.contacts.add('CLMCARD1:AEAWC3DJMNSQ', '');
    expect(asked()).toEqual(['addContact', 'listChats']);
    expect(models.chats.chats.value?.map((c) => c.name)).toEqual(['General', 'bob']);
  });

  it('uses the lock state asked while the popup loaded; a deleted profile has the session read again', async () => {
    const noProfile: StatusView = { state: 'no-profile', username: null };
    const { models, asked } = setUp({ deleteProfile: () => noProfile, getStatus: () => noProfile }, { firstStatus: Promise.resolve(UNLOCKED) });
    await models.session.refresh();
    expect(models.session.status.value).toEqual(UNLOCKED);
    expect(asked()).toEqual([]);
    expect(await models.profile.deleteProfile('DELETE')).toBe(true);
    expect(asked()).toEqual(['deleteProfile', 'getStatus']);
    expect(models.session.status.value).toEqual(noProfile);
  });

  it('copies through the clipboard it was given, and opens the import page it was given', async () => {
    const { models, copied, importPages } = setUp();
    await models.copy.copy('sent:4', NEW.pointer);
    expect(copied).toEqual([NEW.pointer]);
    expect(models.copy.copied.value).toBe('sent:4');
    models.openImportPage();
    expect(importPages()).toBe(1);
  });
});
