import { describe, expect, it } from 'vitest';
import { t } from '../../../lib/i18n/i18n.ts';
import type { MessageView } from '../../../lib/wire/protocol.ts';
import { RequestError } from '../../../platform/client.ts';
import { createMessageModel } from '../../../models/message-model.ts';
import { fakeApi, type FakeHandlers } from './fake-api.ts';
import { messageView } from './views.ts';

const SEVEN = messageView({ id: 7, kind: 'sent', sender: 'alice', text: 'see you at 8' });

function setUp(handlers: FakeHandlers) {
  const fake = fakeApi(handlers);
  return { model: createMessageModel(fake.api), calls: fake.calls };
}

describe('the message model', () => {
  it('opens a message by id: the last one is gone while it loads, busy meanwhile', async () => {
    const second = Promise.withResolvers<MessageView>();
    const { model, calls } = setUp({ getMessage: ({ id }) => (id === 7 ? SEVEN : second.promise) });
    expect(await model.load(7)).toBe(true);
    expect(model.message.value).toEqual(SEVEN);
    const loading = model.load(8);
    expect(model.message.value).toBeNull();
    expect(model.busy.value).toBe(true);
    second.resolve(messageView({ id: 8 }));
    expect(await loading).toBe(true);
    expect(model.message.value?.id).toBe(8);
    expect(model.busy.value).toBe(false);
    expect(calls.map((c) => c.payload)).toEqual([{ id: 7 }, { id: 8 }]);
  });

  it('opening another message before the first answered shows the other, whatever answers last', async () => {
    const slowSeven = Promise.withResolvers<MessageView>();
    const { model } = setUp({ getMessage: ({ id }) => (id === 7 ? slowSeven.promise : messageView({ id })) });
    const loadingSeven = model.load(7);
    expect(await model.load(8)).toBe(true);
    slowSeven.resolve(SEVEN);
    await loadingSeven;
    expect(model.message.value?.id).toBe(8);
  });

  it('a message that cannot be opened says why and shows none', async () => {
    const { model } = setUp({ getMessage: ({ id }) => (id === 7 ? SEVEN : Promise.reject(new RequestError('not-found', 'That message is not there any more.'))) });
    await model.load(7);
    expect(await model.load(99)).toBe(false);
    expect(model.message.value).toBeNull();
    expect(model.error.value).toBe('That message is not there any more.');
    expect(await model.load(7)).toBe(true);
    expect(model.error.value).toBeNull();
  });

  it('moves the open message to the trash and back, showing it as the background saved it', async () => {
    const { model, calls } = setUp({
      getMessage: () => SEVEN,
      trashMessage: ({ id }) => ({ ...SEVEN, id, trashed: true }),
      restoreMessage: ({ id }) => ({ ...SEVEN, id, trashed: false }),
    });
    await model.load(7);
    expect(await model.trash()).toBe(true);
    expect(model.message.value?.trashed).toBe(true);
    expect(await model.restore()).toBe(true);
    expect(model.message.value?.trashed).toBe(false);
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['getMessage', { id: 7 }],
      ['trashMessage', { id: 7 }],
      ['restoreMessage', { id: 7 }],
    ]);
  });

  it('deletes the open message for ever: none is shown after', async () => {
    const { model, calls } = setUp({ getMessage: () => ({ ...SEVEN, trashed: true }), deleteMessageForever: ({ id }) => ({ id }) });
    await model.load(7);
    expect(await model.deleteForever()).toBe(true);
    expect(model.message.value).toBeNull();
    expect(calls[1]).toEqual({ type: 'deleteMessageForever', payload: { id: 7 } });
  });

  it('a refused action keeps the message shown and says why', async () => {
    const { model } = setUp({
      getMessage: () => ({ ...SEVEN, trashed: true }),
      deleteMessageForever: () => Promise.reject(new RequestError('storage-failed', 'The browser could not save it.')),
    });
    await model.load(7);
    expect(await model.deleteForever()).toBe(false);
    expect(model.message.value?.id).toBe(7);
    expect(model.error.value).toBe('The browser could not save it.');
    expect(model.busy.value).toBe(false);
  });

  it('with no message open, nothing is asked and the person is told so', async () => {
    const { model, calls } = setUp({});
    expect(await model.trash()).toBe(false);
    expect(model.error.value).toBe(t('error_no_message_open'));
    expect(await model.restore()).toBe(false);
    expect(await model.deleteForever()).toBe(false);
    expect(model.error.value).toBe('No message is open.');
    expect(calls).toEqual([]);
  });
});
