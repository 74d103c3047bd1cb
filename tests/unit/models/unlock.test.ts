import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSessionModel } from '../../../models/session-model.ts';
import { unlockProps } from '../../../models/unlock.ts';
import { fakeApi } from './fake-api.ts';
import { LOCKED, UNLOCKED } from './views.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the unlock form’s props', () => {
  it('before the background answered: no name, not busy, no error, no wait', () => {
    const session = createSessionModel(fakeApi({}).api);
    const props = unlockProps(session);
    expect(props).toMatchObject({ username: '', busy: false, error: null, waitSeconds: 0 });
  });

  it('shows the profile’s name and submits the phrase to the session’s unlock', async () => {
    const fake = fakeApi({ getStatus: () => LOCKED, unlock: () => UNLOCKED });
    const session = createSessionModel(fake.api);
    await session.refresh();
    const props = unlockProps(session);
    expect(props.username).toBe('alice');
    expect(await props.onSubmit('the phrase')).toBe(true);
    expect(fake.calls.map((c) => [c.type, c.payload])).toEqual([
      ['getStatus', {}],
      ['unlock', { phrase: 'the phrase' }],
    ]);
    expect(session.status.value).toEqual(UNLOCKED);
  });

  it('is busy only while unlocking, not while locking', async () => {
    const unlocking = Promise.withResolvers<typeof UNLOCKED>();
    const locking = Promise.withResolvers<typeof LOCKED>();
    const session = createSessionModel(fakeApi({ unlock: () => unlocking.promise, lock: () => locking.promise }).api);
    const submitted = session.unlock('p');
    expect(unlockProps(session).busy).toBe(true);
    unlocking.resolve(UNLOCKED);
    await submitted;
    expect(unlockProps(session).busy).toBe(false);
    const locked = session.lock();
    expect(session.busy.value).toBe('lock');
    expect(unlockProps(session).busy).toBe(false);
    locking.resolve(LOCKED);
    await locked;
  });

  it('a wrong phrase: the form shows why and counts down the wait', async () => {
    vi.useFakeTimers();
    let now = 10_000;
    const session = createSessionModel(
      fakeApi({
        unlock: () => Promise.reject(Object.assign(new Error('That phrase is not right.'), { retryAfterMs: 4500 })),
        getStatus: () => LOCKED,
      }).api,
      { now: () => now },
    );
    expect(await unlockProps(session).onSubmit('wrong')).toBe(false);
    expect(unlockProps(session)).toMatchObject({ username: 'alice', busy: false, error: 'That phrase is not right.', waitSeconds: 5 });
    now += 4500;
    vi.advanceTimersByTime(250);
    expect(unlockProps(session).waitSeconds).toBe(0);
  });
});
