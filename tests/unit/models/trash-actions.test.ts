import { describe, expect, it } from 'vitest';
import { RequestError } from '../../../platform/client.ts';
import { createTrashActions } from '../../../models/trash-actions.ts';
import { fakeApi, type FakeHandlers, settle } from './fake-api.ts';
import { messageView } from './views.ts';

function setUp(handlers: FakeHandlers, refresh: () => Promise<void> = () => Promise.resolve()) {
  const fake = fakeApi(handlers);
  /** What happened, in order: each request, and each refresh of the lists. */
  const log: string[] = [];
  const api: typeof fake.api = (type, payload) => {
    log.push(type);
    return fake.api(type, payload);
  };
  const actions = createTrashActions(api, () => {
    log.push('refresh');
    return refresh();
  });
  return { actions, calls: fake.calls, log };
}

describe('the trash actions', () => {
  it('restore, delete forever and empty each ask the background, then refresh the lists', async () => {
    const { actions, calls, log } = setUp({
      restoreMessage: ({ id }) => messageView({ id }),
      deleteMessageForever: ({ id }) => ({ id }),
      emptyTrash: () => ({ deletedMessages: 4 }),
    });
    await actions.restore(3);
    await actions.deleteForever(8);
    await actions.empty();
    expect(calls.map((c) => [c.type, c.payload])).toEqual([
      ['restoreMessage', { id: 3 }],
      ['deleteMessageForever', { id: 8 }],
      ['emptyTrash', {}],
    ]);
    expect(log).toEqual(['restoreMessage', 'refresh', 'deleteMessageForever', 'refresh', 'emptyTrash', 'refresh']);
    expect(actions.error.value).toBeNull();
  });

  it('refreshes only once the background has answered', async () => {
    const answer = Promise.withResolvers<{ deletedMessages: number }>();
    const { actions, log } = setUp({ emptyTrash: () => answer.promise });
    const emptying = actions.empty();
    await settle();
    expect(log).toEqual(['emptyTrash']);
    answer.resolve({ deletedMessages: 2 });
    await emptying;
    expect(log).toEqual(['emptyTrash', 'refresh']);
  });

  it('a refused action says why, and the lists are still refreshed (the trash may have changed elsewhere)', async () => {
    let fail = true;
    const { actions, log } = setUp({
      restoreMessage: ({ id }) => (fail ? Promise.reject(new RequestError('not-found', 'That message is not there any more.')) : messageView({ id })),
    });
    await expect(actions.restore(3)).resolves.toBeUndefined();
    expect(actions.error.value).toBe('That message is not there any more.');
    expect(log).toEqual(['restoreMessage', 'refresh']);
    fail = false;
    await actions.restore(3);
    expect(actions.error.value).toBeNull();
  });

  it('is done only once the lists are refreshed', async () => {
    const refreshed = Promise.withResolvers<undefined>();
    const { actions } = setUp({ restoreMessage: ({ id }) => messageView({ id }) }, () => refreshed.promise);
    let done = false;
    const restoring = actions.restore(3).then(() => {
      done = true;
    });
    await settle();
    expect(done).toBe(false);
    refreshed.resolve(undefined);
    await restoring;
    expect(done).toBe(true);
  });
});
