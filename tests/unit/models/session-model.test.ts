import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../../lib/wire/protocol.ts';
import { createSessionModel } from '../../../models/session-model.ts';
import { fakeApi } from './fake-api.ts';

const LOCKED: StatusView = { state: 'locked', username: 'alice' };
const UNLOCKED: StatusView = { state: 'unlocked', username: 'alice' };

describe('the session model', () => {
  it('uses the state asked while the page loaded once, then asks again', async () => {
    const fake = fakeApi({ getStatus: () => UNLOCKED });
    const session = createSessionModel(fake.api, Date, Promise.resolve(LOCKED));
    await session.refresh();
    expect(session.status.value).toEqual(LOCKED);
    expect(fake.calls).toHaveLength(0);
    await session.refresh();
    expect(session.status.value).toEqual(UNLOCKED);
    expect(fake.calls.map((c) => c.type)).toEqual(['getStatus']);
  });

  it('an early question that failed shows why, and "Try again" asks the background', async () => {
    const fake = fakeApi({ getStatus: () => LOCKED });
    const session = createSessionModel(fake.api, Date, Promise.reject(new Error('The extension did not answer.')));
    await session.refresh();
    expect(session.loadError.value).toBe('The extension did not answer.');
    expect(session.status.value).toBeNull();
    await session.refresh();
    expect(session.loadError.value).toBeNull();
    expect(session.status.value).toEqual(LOCKED);
  });

  it('a wrong phrase says so, counts down the wait the background asks, and reads the state again', async () => {
    let now = 1000;
    const fake = fakeApi({
      unlock: () => {
        throw Object.assign(new Error('That phrase is not right.'), { retryAfterMs: 2000 });
      },
      getStatus: () => LOCKED,
    });
    const session = createSessionModel(fake.api, { now: () => now });
    expect(await session.unlock('wrong')).toBe(false);
    expect(session.formError.value).toBe('That phrase is not right.');
    expect(session.waitSeconds.value).toBe(2);
    expect(session.status.value).toEqual(LOCKED);
    expect(session.busy.value).toBeNull();
    now += 2500;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(session.waitSeconds.value).toBe(0);
  });
});
