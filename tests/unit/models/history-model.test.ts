import { afterEach, describe, expect, it, vi } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { catalogBackend, installI18n, splitDetail, t } from '../../../lib/i18n/i18n.ts';
import type { MessagePage, MessageView, RequestOf } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createMessageListModel } from '../../../models/history-model.ts';
import { fakeApi, type FakeHandlers, settle } from './fake-api.ts';
import { messagePage, messageRun } from './views.ts';

afterEach(() => {
  vi.useRealTimers();
  installI18n(catalogBackend(en, 'en-US'));
});

/** 120 messages, newest first as the background lists them: 40 in chat 2, the rest in chat 1; every tenth says "pizza". */
const ALL: MessageView[] = messageRun(1, 120)
  .map((m) => ({ ...m, chatId: m.id % 3 === 0 ? '2' : '1', text: m.id % 10 === 0 ? `pizza ${m.id}` : m.text }))
  .reverse();

/** The background's listMessages over `ALL`: filtered, then one page from `offset`. */
function list(request: RequestOf<'listMessages'>): MessagePage {
  const matching = ALL.filter((m) => (request.chatId === undefined || m.chatId === request.chatId) && (request.query === undefined || m.text.includes(request.query.trim())));
  const offset = request.offset ?? 0;
  return messagePage(matching.slice(offset, offset + (request.limit ?? 50)), matching.length);
}

function setUp(handlers: FakeHandlers, options: { trashed: boolean; debounceMs?: number } = { trashed: false }) {
  const fake = fakeApi({ listMessages: list, ...handlers });
  return { model: createMessageListModel(fake.api, options), calls: fake.calls };
}

const payloads = (calls: readonly { readonly payload: unknown }[]) => calls.map((c) => c.payload);
const ids = (messages: readonly MessageView[] | null) => messages?.map((m) => m.id);

describe('the history and trash lists', () => {
  it('reads the first page, newest first, with the total; the trash asks for trashed messages', async () => {
    const history = setUp({});
    await history.model.reload();
    expect(history.model.messages.value).toHaveLength(50);
    expect(history.model.messages.value?.[0]?.id).toBe(120);
    expect(history.model.total.value).toBe(120);
    expect(history.model.loading.value).toBe(false);
    expect(history.calls).toStrictEqual([{ type: 'listMessages', payload: { trashed: false, offset: 0, limit: 50 } }]);
    const trash = setUp({}, { trashed: true });
    await trash.model.reload();
    expect(payloads(trash.calls)).toStrictEqual([{ trashed: true, offset: 0, limit: 50 }]);
  });

  it('“more” appends the next page until all are shown, then asks nothing', async () => {
    const { model, calls } = setUp({});
    await model.loadMore(); // nothing shown and nothing known: nothing to ask yet
    expect(calls).toHaveLength(0);
    await model.reload();
    await model.loadMore();
    await model.loadMore();
    expect(model.messages.value).toHaveLength(120);
    expect(ids(model.messages.value)?.slice(48, 52)).toEqual([72, 71, 70, 69]);
    await model.loadMore();
    expect(payloads(calls).map((p) => (p as RequestOf<'listMessages'>).offset)).toEqual([0, 50, 100]);
  });

  it('“more” while a page is being read asks nothing more', async () => {
    const slow = Promise.withResolvers<MessagePage>();
    let n = 0;
    const { model, calls } = setUp({ listMessages: (request) => (++n === 2 ? slow.promise : list(request)) });
    await model.reload();
    const more = model.loadMore();
    expect(model.loading.value).toBe(true);
    await model.loadMore();
    slow.resolve(list({ offset: 50, limit: 50 }));
    await more;
    expect(calls).toHaveLength(2);
    expect(model.messages.value).toHaveLength(100);
    expect(model.loading.value).toBe(false);
  });

  it('filters by chat at once, and by the typed text after the pause; blank text filters nothing', async () => {
    vi.useFakeTimers();
    const { model, calls } = setUp({}, { trashed: false, debounceMs: 300 });
    model.setChat('2');
    await vi.advanceTimersByTimeAsync(0);
    expect(model.chatId.value).toBe('2');
    expect(model.total.value).toBe(40);
    model.setQuery('p');
    model.setQuery('pi');
    model.setQuery('pizza');
    expect(model.query.value).toBe('pizza');
    await vi.advanceTimersByTimeAsync(299);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ids(model.messages.value)).toEqual([120, 90, 60, 30]);
    model.setQuery('   ');
    await vi.advanceTimersByTimeAsync(300);
    model.setChat(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(model.total.value).toBe(120);
    expect(payloads(calls)).toStrictEqual([
      { trashed: false, offset: 0, limit: 50, chatId: '2' },
      { trashed: false, offset: 0, limit: 50, query: 'pizza', chatId: '2' },
      { trashed: false, offset: 0, limit: 50, chatId: '2' },
      { trashed: false, offset: 0, limit: 50 },
    ]);
  });

  it('without a pause given, typing asks on the next turn', async () => {
    vi.useFakeTimers();
    const { model, calls } = setUp({});
    model.setQuery('pizza');
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(payloads(calls)).toStrictEqual([{ trashed: false, offset: 0, limit: 50, query: 'pizza' }]);
    expect(model.total.value).toBe(12);
  });

  it('an older filter’s answer arriving after a newer one’s does not win, nor its failure', async () => {
    const chat1 = Promise.withResolvers<MessagePage>();
    const chat2 = Promise.withResolvers<MessagePage>();
    const { model } = setUp({ listMessages: (request) => (request.chatId === '1' ? chat1.promise : chat2.promise) });
    model.setChat('1');
    model.setChat('2');
    chat2.resolve(list({ chatId: '2' }));
    await settle();
    expect(model.total.value).toBe(40);
    expect(model.loading.value).toBe(false);
    chat1.resolve(list({ chatId: '1' }));
    await settle();
    expect(model.total.value).toBe(40);
    expect(model.messages.value?.every((m) => m.chatId === '2')).toBe(true);
    // Same for a failure: the newer list shows, without the older one's error.
    const again1 = Promise.withResolvers<MessagePage>();
    const { model: other } = setUp({ listMessages: (request) => (request.chatId === '1' ? again1.promise : list(request)) });
    other.setChat('1');
    other.setChat('2');
    await settle();
    again1.reject(new Error('The extension is locked.'));
    await settle();
    expect(other.error.value).toBeNull();
    expect(other.total.value).toBe(40);
  });

  it('a page of “more” asked before the filter changed is not added to the new list', async () => {
    const more = Promise.withResolvers<MessagePage>();
    const { model } = setUp({ listMessages: (request) => (request.offset === 50 ? more.promise : list(request)) });
    await model.reload();
    const loadingMore = model.loadMore();
    model.setChat('2');
    await settle();
    more.resolve(list({ offset: 50 }));
    await loadingMore;
    expect(model.messages.value).toHaveLength(40);
    expect(model.total.value).toBe(40);
  });

  it('a list that cannot be read says why and keeps what is shown; the next read clears it', async () => {
    let fail: Error | null = null;
    const { model } = setUp({ listMessages: (request) => (fail ? Promise.reject(fail) : list(request)) });
    await model.reload();
    fail = new RequestError('locked', 'The extension is locked.');
    await model.loadMore();
    expect(model.error.value).toBe('The extension is locked.');
    expect(model.messages.value).toHaveLength(50);
    expect(model.loading.value).toBe(false);
    installI18n(catalogBackend(ru, 'ru'));
    fail = new RequestError('internal', 'cursor closed');
    await model.reload();
    expect(splitDetail(model.error.value ?? '')).toEqual({ message: t('error_load_messages'), detail: 'cursor closed' });
    fail = null;
    await model.reload();
    expect(model.error.value).toBeNull();
  });
});
