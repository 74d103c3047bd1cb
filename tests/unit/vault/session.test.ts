/**
 * The session on its own (lib/vault/session.ts): what a restarted worker may take back from
 * `storage.session`, and what it must refuse — a session of another profile state (a phrase
 * change in between), a damaged record, one read while a Lock happened.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { checkProfile, LOCAL_KEYS, type ProfileRecord, SESSION_KEYS } from '../../../lib/vault/schema.ts';
import { profileCheck, Sessions, type Unlocked } from '../../../lib/vault/session.ts';
import { NEW_PHRASE, PHRASE, setUp } from './helpers.ts';

async function profileOfANewVault(): Promise<ProfileRecord> {
  const { local } = await setUp();
  return checkProfile(JSON.parse(local.data.get(LOCAL_KEYS.profile) ?? 'null'), 'profile');
}

function unlockedFor(profile: ProfileRecord, phrase = PHRASE): Unlocked {
  const current = profile.historyKeys.current;
  return {
    username: 'alice',
    phrase,
    history: { keys: new Map([[current, new Uint8Array(32).fill(7)]]), current, indexKey: new Uint8Array(32).fill(8) },
    profileRoot: new Uint8Array(32).fill(9),
    unlockedAt: 1234,
  };
}

describe('Sessions', () => {
  it('a restarted worker takes back the session written for the same profile state', async () => {
    const profile = await profileOfANewVault();
    const area = new MemoryStorageArea();
    const first = new Sessions(area, () => undefined);
    const u = unlockedFor(profile);
    await first.start(u, profile);
    const again = await new Sessions(area, () => undefined).restore(profile);
    expect(again).toEqual(u);
  });

  it('refuses and removes a session of another profile state (a phrase change in between)', async () => {
    const profile = await profileOfANewVault();
    const area = new MemoryStorageArea();
    await new Sessions(area, () => undefined).start(unlockedFor(profile), profile);
    const changed: ProfileRecord = { ...profile, verifier: `${profile.verifier}x` };
    expect(profileCheck(changed)).not.toBe(profileCheck(profile));
    expect(await new Sessions(area, () => undefined).restore(changed)).toBeNull();
    expect(area.data.has(SESSION_KEYS.session)).toBe(false);
  });

  it('refuses a session while the profile has a phrase change pending, and a damaged record', async () => {
    const profile = await profileOfANewVault();
    const area = new MemoryStorageArea();
    await new Sessions(area, () => undefined).start(unlockedFor(profile), profile);
    const pending = { ...profile, pendingChange: {} } as unknown as ProfileRecord;
    expect(await new Sessions(area, () => undefined).restore(pending)).toBeNull();
    area.data.set(SESSION_KEYS.session, JSON.stringify({ version: 2, phrase: 7 }));
    expect(await new Sessions(area, () => undefined).restore(profile)).toBeNull();
    expect(area.data.has(SESSION_KEYS.session)).toBe(false);
  });

  it('a Lock during a restore wins: the session does not come back', async () => {
    const profile = await profileOfANewVault();
    const area = new MemoryStorageArea();
    await new Sessions(area, () => undefined).start(unlockedFor(profile), profile);
    const sessions = new Sessions(area, () => undefined);
    const restoring = sessions.restore(profile);
    await sessions.end();
    expect(await restoring).toBeNull();
    expect(sessions.current).toBeNull();
    expect(area.data.has(SESSION_KEYS.session)).toBe(false);
  });

  it('forget tells the caches, and assertCurrent refuses keys of a session that is gone', async () => {
    const profile = await profileOfANewVault();
    let forgotten = 0;
    const sessions = new Sessions(new MemoryStorageArea(), () => forgotten++);
    const u = unlockedFor(profile);
    await sessions.start(u, profile);
    expect(sessions.isCurrent(u)).toBe(true);
    sessions.replace(unlockedFor(profile, NEW_PHRASE));
    expect(sessions.isCurrent(u)).toBe(false);
    expect(() => {
      sessions.assertCurrent(u.history);
    }).toThrow('locked meanwhile');
    sessions.forget();
    expect(sessions.current).toBeNull();
    expect(forgotten).toBe(3);
  });

  it('a session that cannot be written is a storage error, and memory is left as it was', async () => {
    const profile = await profileOfANewVault();
    const area = new MemoryStorageArea();
    area.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
    const sessions = new Sessions(area, () => undefined);
    await expect(sessions.start(unlockedFor(profile), profile)).rejects.toMatchObject({ code: 'storage-full' });
    expect(sessions.current).toBeNull();
  });
});
