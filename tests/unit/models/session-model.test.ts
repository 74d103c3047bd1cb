import { describe, expect, it } from 'vitest';
import type { StatusView } from '../../../lib/wire/protocol.ts';
import { createSessionModel } from '../../../models/session-model.ts';
import { RequestError } from '../../../platform/client.ts';
import { fakeApi } from './fake-api.ts';

const STRONG = 'maple orbit canyon velvet thistle harbor quiet lantern';

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

  it('sets up the profile with CLM’s chats named in the interface language, saying “use it anyway” only when it was said', async () => {
    const fake = fakeApi({ setupProfile: () => UNLOCKED, getStatus: () => UNLOCKED });
    const session = createSessionModel(fake.api, Date);
    expect(await session.setup('alice', 'a weak phrase', 'a weak phrase', true)).toBe(true);
    expect(await session.setup('alice', STRONG, STRONG)).toBe(true);
    expect(session.status.value).toEqual(UNLOCKED);
    const setups = fake.calls.filter((c) => c.type === 'setupProfile').map((c) => c.payload);
    expect(setups).toStrictEqual([
      { username: 'alice', phrase: 'a weak phrase', confirmPhrase: 'a weak phrase', weakPhraseAccepted: true, defaultChatNames: ['⚡️ Urgent', '💬 General chat', '🤫 Secrets'] },
      { username: 'alice', phrase: STRONG, confirmPhrase: STRONG, defaultChatNames: ['⚡️ Urgent', '💬 General chat', '🤫 Secrets'] },
    ]);
  });

  it('a refused setup says why (a weak phrase the person did not accept) and stays set up for nothing', async () => {
    const fake = fakeApi({ setupProfile: () => Promise.reject(new RequestError('weak-phrase', 'This phrase is weak.')), getStatus: () => ({ state: 'no-profile', username: null }) });
    const session = createSessionModel(fake.api, Date);
    expect(await session.setup('alice', 'weak', 'weak')).toBe(false);
    expect(session.formError.value).toBe('This phrase is weak.');
  });
});
