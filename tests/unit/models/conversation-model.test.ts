import { afterEach, describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { catalogBackend, installI18n, splitDetail, t } from '../../../lib/i18n/i18n.ts';
import type { MessagePage, MessageView, RequestOf, SentView } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createConversationModel } from '../../../models/conversation-model.ts';
import { fakeApi, type FakeHandlers } from './fake-api.ts';
import { messagePage, messageRun, messageView, sentView } from './views.ts';

afterEach(() => {
  installI18n(catalogBackend(en, 'en-US'));
});

/** A background whose chats hold `store[chatId]` (oldest first), answering pages newest first as the real one. */
function chatsHolding(store: Record<string, MessageView[]>) {
  return (request: RequestOf<'listMessages'>): MessagePage => {
    const all = store[request.chatId ?? ''] ?? [];
    const newestFirst = [...all].reverse().slice(0, request.limit);
    return messagePage(newestFirst, all.length);
  };
}

function setUp(handlers: FakeHandlers) {
  const fake = fakeApi(handlers);
  return { model: createConversationModel(fake.api), calls: fake.calls };
}

const ids = (messages: readonly MessageView[] | null) => messages?.map((m) => m.id);

describe('the conversation model', () => {
  it('opens a chat: its newest page, shown oldest first, with the count of earlier messages', async () => {
    const { model, calls } = setUp({ listMessages: chatsHolding({ '1': messageRun(1, 120) }) });
    expect(model.messages.value).toBeNull();
    await model.open('1');
    expect(model.chatId.value).toBe('1');
    expect(model.messages.value).toHaveLength(50);
    expect(model.messages.value?.[0]?.id).toBe(71);
    expect(model.messages.value?.[49]?.id).toBe(120);
    expect(model.earlier.value).toBe(70);
    expect(model.error.value).toBeNull();
    expect(calls).toEqual([{ type: 'listMessages', payload: { chatId: '1', order: 'newest-first', limit: 50 } }]);
  });

  it('“earlier” asks for one more page each time; another chat starts again from one page', async () => {
    const { model, calls } = setUp({ listMessages: chatsHolding({ '1': messageRun(1, 120), '2': messageRun(500, 3) }) });
    await model.open('1');
    await model.loadEarlier();
    expect(model.messages.value).toHaveLength(100);
    expect(model.earlier.value).toBe(20);
    await model.loadEarlier();
    expect(ids(model.messages.value)?.slice(0, 2)).toEqual([1, 2]);
    expect(model.earlier.value).toBe(0);
    await model.open('2');
    expect(ids(model.messages.value)).toEqual([500, 501, 502]);
    expect(calls.map((c) => (c.payload as RequestOf<'listMessages'>).limit)).toEqual([50, 100, 150, 50]);
  });

  it('opening the chat already open reads it again without emptying it, and keeps the pages shown', async () => {
    const store = { '1': messageRun(1, 60) };
    const answer = Promise.withResolvers<MessagePage>();
    let n = 0;
    const read = chatsHolding(store);
    const { model, calls } = setUp({ listMessages: (request) => (++n === 3 ? answer.promise : read(request)) });
    await model.open('1');
    await model.loadEarlier();
    const reopening = model.open('1');
    // Still the old list while the new one is read.
    expect(model.messages.value).toHaveLength(60);
    answer.resolve(read({ chatId: '1', limit: 100 }));
    await reopening;
    expect(calls.map((c) => (c.payload as RequestOf<'listMessages'>).limit)).toEqual([50, 100, 100]);
  });

  it('a chat opened while another is still loading is not overwritten by the late answer', async () => {
    const slow = Promise.withResolvers<MessagePage>();
    const read = chatsHolding({ A: messageRun(1, 2, { chatId: 'A' }), B: messageRun(10, 2, { chatId: 'B' }) });
    const { model } = setUp({ listMessages: (request) => (request.chatId === 'A' ? slow.promise : read(request)) });
    const openingA = model.open('A');
    await model.open('B');
    slow.resolve(read({ chatId: 'A', limit: 50 }));
    await openingA;
    expect(model.chatId.value).toBe('B');
    expect(ids(model.messages.value)).toEqual([10, 11]);
  });

  it('the opening read answering after a send does not hide the message just sent', async () => {
    // What CI once caught: the chat's first read was still on its way when the person sent; its
    // answer, older and empty, came last and emptied the conversation.
    const store: Record<string, MessageView[]> = { '1': [] };
    const read = chatsHolding(store);
    const opening = Promise.withResolvers<MessagePage>();
    let first = true;
    const mine = messageView({ id: 1, kind: 'sent', sender: 'alice', text: 'hello' });
    const { model } = setUp({
      listMessages: (request) => {
        if (!first) return read(request);
        first = false;
        return opening.promise;
      },
      sendMessage: () => {
        store['1'].push(mine);
        return sentView(mine);
      },
    });
    const opened = model.open('1');
    expect(await model.send('hello')).toBe(true);
    expect(ids(model.messages.value)).toEqual([1]);
    opening.resolve(messagePage([], 0));
    await opened;
    expect(ids(model.messages.value)).toEqual([1]);
    expect(model.error.value).toBeNull();
  });

  it('a late failure of an older read does not show an error over a newer answer', async () => {
    const opening = Promise.withResolvers<MessagePage>();
    let first = true;
    const read = chatsHolding({ '1': messageRun(1, 2) });
    const { model } = setUp({
      listMessages: (request) => {
        if (!first) return read(request);
        first = false;
        return opening.promise;
      },
    });
    const opened = model.open('1');
    await model.reload();
    opening.reject(new RequestError('locked', 'The extension is locked.'));
    await opened;
    expect(model.error.value).toBeNull();
    expect(ids(model.messages.value)).toEqual([1, 2]);
  });

  it('another chat starts with nothing of the last: no messages, no pointer, no send error', async () => {
    let failSend = false;
    const { model } = setUp({
      listMessages: chatsHolding({ '1': messageRun(1, 2), '2': [] }),
      sendMessage: () => (failSend ? Promise.reject(new Error('The extension is locked.')) : sentView()),
    });
    await model.open('1');
    expect(await model.send('hello')).toBe(true);
    expect(model.lastPointer.value).not.toBeNull();
    failSend = true;
    await model.send('again');
    expect(model.sendError.value).not.toBeNull();
    const openingOther = model.open('2');
    expect(model.messages.value).toBeNull();
    expect(model.lastPointer.value).toBeNull();
    expect(model.sendError.value).toBeNull();
    await openingOther;
    expect(model.messages.value).toEqual([]);
  });

  it('a page that cannot be read says why and keeps what is shown', async () => {
    let fail = false;
    const read = chatsHolding({ '1': messageRun(1, 3) });
    const { model } = setUp({ listMessages: (request) => (fail ? Promise.reject(new RequestError('locked', 'The extension is locked.')) : read(request)) });
    await model.open('1');
    fail = true;
    await model.reload();
    expect(model.error.value).toBe('The extension is locked.');
    expect(ids(model.messages.value)).toEqual([1, 2, 3]);
    fail = false;
    await model.reload();
    expect(model.error.value).toBeNull();
  });

  it('sends into the open chat: busy meanwhile, keeps the pointer to copy, and reads the chat again', async () => {
    const store = { '1': messageRun(1, 2) };
    const sent = Promise.withResolvers<SentView>();
    const mine = messageView({ id: 3, kind: 'sent', sender: 'alice', text: 'hello' });
    const { model, calls } = setUp({ listMessages: chatsHolding(store), sendMessage: () => sent.promise });
    await model.open('1');
    const sending = model.send('hello');
    expect(model.sending.value).toBe(true);
    store['1'].push(mine);
    sent.resolve({ ...sentView(mine), warning: 'clm-terminal' });
    expect(await sending).toBe(true);
    expect(model.sending.value).toBe(false);
    expect(model.lastPointer.value).toEqual({ message: mine, pointer: mine.pointer, warning: 'clm-terminal' });
    expect(ids(model.messages.value)).toEqual([1, 2, 3]);
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['listMessages', { chatId: '1', order: 'newest-first', limit: 50 }],
      ['sendMessage', { chatId: '1', text: 'hello' }],
      ['listMessages', { chatId: '1', order: 'newest-first', limit: 50 }],
    ]);
  });

  it('with no chat open there is nothing to send to or read', async () => {
    const { model, calls } = setUp({});
    expect(await model.send('hello')).toBe(false);
    await model.reload();
    await model.loadEarlier();
    expect(calls).toEqual([]);
    expect(model.sendError.value).toBeNull();
  });

  it('a message not sent says why; in another language with the place’s sentence', async () => {
    const { model, calls } = setUp({
      listMessages: chatsHolding({ '1': [] }),
      sendMessage: () => Promise.reject(new RequestError('invalid-input', 'The text is empty.')),
    });
    await model.open('1');
    expect(await model.send('hello')).toBe(false);
    expect(model.sendError.value).toBe('The text is empty.');
    expect(model.lastPointer.value).toBeNull();
    expect(model.sending.value).toBe(false);
    installI18n(catalogBackend(ru, 'ru'));
    expect(await model.send('hello')).toBe(false);
    expect(splitDetail(model.sendError.value ?? '')).toEqual({ message: t('error_not_sent'), detail: 'The text is empty.' });
    // Refused: the chat is not read again.
    expect(calls.map((c) => c.type)).toEqual(['listMessages', 'sendMessage', 'sendMessage']);
  });

  it('moves a message to the trash and reads the chat again; a refusal says why', async () => {
    const store = { '1': messageRun(1, 3) };
    let fail: RequestError | null = null;
    const { model, calls } = setUp({
      listMessages: chatsHolding(store),
      trashMessage: ({ id }) => {
        if (fail) return Promise.reject(fail);
        store['1'] = store['1'].filter((m) => m.id !== id);
        return messageView({ id, trashed: true });
      },
    });
    await model.open('1');
    await model.trash(2);
    expect(ids(model.messages.value)).toEqual([1, 3]);
    expect(calls.slice(1).map((c) => [c.type, c.payload])).toEqual([
      ['trashMessage', { id: 2 }],
      ['listMessages', { chatId: '1', order: 'newest-first', limit: 50 }],
    ]);
    fail = new RequestError('not-found', 'That message is not there any more.');
    await model.trash(3);
    expect(model.error.value).toBe('That message is not there any more.');
    expect(ids(model.messages.value)).toEqual([1, 3]);
    installI18n(catalogBackend(ru, 'ru'));
    fail = new RequestError('internal', 'write failed');
    await model.trash(3);
    expect(splitDetail(model.error.value ?? '')).toEqual({ message: t('error_not_trashed'), detail: 'write failed' });
  });
});
