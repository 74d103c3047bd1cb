import { describe, expect, it } from 'vitest';
import { MemoryStorageArea } from '../../support/memory-stores.ts';
import { LOCAL_KEYS } from '../../../lib/vault/schema.ts';
import { newStores, PHRASE, rejection, setUp, vaultOver } from './helpers.ts';

describe('profile and lock', () => {
  it('sets up a profile with CLM’s default chats and is unlocked', async () => {
    const { vault } = await setUp();
    expect(await vault.getStatus({})).toEqual({ state: 'unlocked', username: 'alice' });
    expect((await vault.listChats({})).map((c) => [c.id, c.clmId, c.name, c.seedSuffix])).toEqual([
      ['0', '0', '⚡️ Urgent', 'urgent'],
      ['1', '1', '💬 General chat', 'general'],
      ['2', '2', '🤫 Secrets', 'secrets'],
    ]);
    const profile = await vault.getProfile({});
    expect(profile.clmPublicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(profile.chatNamesWhenLocked).toBe(false);
  });

  it('strips the phrase and name as CLM does (Python’s str.strip), and refuses what CLM cannot use', async () => {
    const vault = vaultOver(newStores());
    expect((await rejection(vault.setupProfile({ username: 'a', phrase: 'x', confirmPhrase: 'y', weakPhraseAccepted: true }))).code).toBe('phrases-differ');
    expect((await rejection(vault.setupProfile({ username: '\u001c ', phrase: 'x', confirmPhrase: 'x', weakPhraseAccepted: true }))).code).toBe('invalid-input');
    expect((await rejection(vault.setupProfile({ username: 'a: b', phrase: 'x', confirmPhrase: 'x', weakPhraseAccepted: true }))).message).toMatch(/": "/);
    // A name as long as CLM takes (a terminal line), and a phrase that ends in U+FEFF, which
    // Python keeps (so does this, or the keystream would differ from CLM's).
    const long = 'Н'.repeat(2000);
    await vault.setupProfile({ username: ` ${long}\u0085`, phrase: `  ${PHRASE}\ufeff\n`, confirmPhrase: `${PHRASE}\ufeff`, weakPhraseAccepted: true });
    expect((await vault.getStatus({})).username).toBe(long);
    await vault.lock({});
    expect((await rejection(vault.unlock({ phrase: PHRASE }))).code).toBe('wrong-phrase');
    expect(await vault.unlock({ phrase: `${PHRASE}\ufeff` })).toEqual({ state: 'unlocked', username: long });
  });

  it('refuses a second profile', async () => {
    const { vault } = await setUp();
    expect((await rejection(vault.setupProfile({ username: 'b', phrase: 'x', confirmPhrase: 'x', weakPhraseAccepted: true }))).code).toBe('profile-exists');
  });

  it('locks, refuses a wrong phrase, unlocks with the right one', async () => {
    const { vault, session } = await setUp();
    await vault.lock({});
    expect(session.data.size).toBe(0);
    expect(await vault.getStatus({})).toEqual({ state: 'locked', username: 'alice' });
    expect((await rejection(vault.sendMessage({ chatId: '1', text: 'hi' }))).code).toBe('locked');
    expect((await rejection(vault.listChats({}))).code).toBe('locked');
    expect((await rejection(vault.unlock({ phrase: 'Correct horse battery staple' }))).code).toBe('wrong-phrase');
    expect(await vault.unlock({ phrase: PHRASE })).toEqual({ state: 'unlocked', username: 'alice' });
  });

  it('slows down repeated failures, and remembers them across restarts', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const { vault, local, session, history } = await setUp({ now: clock });
    await vault.lock({});
    expect((await rejection(vault.unlock({ phrase: 'no1' }))).retryAfterMs).toBe(0);
    expect((await rejection(vault.unlock({ phrase: 'no2' }))).retryAfterMs).toBe(0);
    expect((await rejection(vault.unlock({ phrase: 'no3' }))).retryAfterMs).toBe(1000);
    const again = vaultOver({ local, session, history }, { now: clock });
    const throttled = await rejection(again.unlock({ phrase: PHRASE }));
    expect(throttled).toMatchObject({ code: 'throttled', retryAfterMs: 1000 });
    now += 1000;
    expect((await rejection(again.unlock({ phrase: 'no4' }))).retryAfterMs).toBe(2000);
    now += 2000;
    await again.unlock({ phrase: PHRASE });
    await again.lock({});
    expect((await rejection(again.unlock({ phrase: 'no5' }))).retryAfterMs).toBe(0);
  });

  it('survives a worker restart (session kept) and locks on a browser restart (session emptied)', async () => {
    const { vault, local, session, history } = await setUp();
    await vault.sendMessage({ chatId: '1', text: 'before restart' });
    const restartedWorker = vaultOver({ local, session, history });
    expect(await restartedWorker.getStatus({})).toEqual({ state: 'unlocked', username: 'alice' });
    expect((await restartedWorker.listMessages({})).messages.map((m) => m.text)).toEqual(['before restart']);
    const restartedBrowser = vaultOver({ local, session: new MemoryStorageArea(), history });
    expect(await restartedBrowser.getStatus({})).toEqual({ state: 'locked', username: 'alice' });
    expect((await rejection(restartedBrowser.listMessages({}))).code).toBe('locked');
    await restartedBrowser.unlock({ phrase: PHRASE });
    expect((await restartedBrowser.listMessages({})).messages.map((m) => m.text)).toEqual(['before restart']);
  });

  it('drops a session that does not belong to the profile on disk, instead of using it', async () => {
    const { vault, local, session, history } = await setUp();
    const stale = new Map(session.data);
    await vault.changePhrase({ currentPhrase: PHRASE, newPhrase: 'a new phrase for this', confirmPhrase: 'a new phrase for this', weakPhraseAccepted: true });
    // A worker that restarts with the session of before the change (stopped between the last two writes).
    for (const [k, v] of stale) session.data.set(k, v);
    const restarted = vaultOver({ local, session, history });
    expect(await restarted.getStatus({})).toMatchObject({ state: 'locked' });
    expect(session.data.size).toBe(0);
  });

  it('deletes the profile only after DELETE, wiping everything (also while locked)', async () => {
    const { vault, local, session, history } = await setUp();
    await vault.sendMessage({ chatId: '1', text: 'x' });
    expect((await rejection(vault.deleteProfile({ confirmation: 'delete' }))).code).toBe('confirmation-required');
    expect(local.data.size).toBeGreaterThan(0);
    await vault.lock({});
    expect(await vault.deleteProfile({ confirmation: 'DELETE' })).toEqual({ state: 'no-profile', username: null });
    expect([local.data.size, session.data.size, history.data.size]).toEqual([0, 0, 0]);
    expect(await vault.getStatus({})).toEqual({ state: 'no-profile', username: null });
  });

  it('tells the lock state to its listener', async () => {
    const states: string[] = [];
    const { vault } = await setUp({ onLockStateChange: (s) => void states.push(s) });
    await vault.lock({});
    await vault.unlock({ phrase: PHRASE });
    await vault.deleteProfile({ confirmation: 'DELETE' });
    expect(states).toEqual(['unlocked', 'locked', 'unlocked', 'no-profile']);
  });

  it('Lock acts at once, even while a long operation is under way, which then stops', async () => {
    let release: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let pauses = 0;
    const { vault } = await setUp({
      pause: () => {
        pauses++;
        return pauses === 3 ? paused : Promise.resolve();
      },
    });
    for (let i = 0; i < 200; i++) await vault.sendMessage({ chatId: '1', text: `m${i}` });
    const pointers = (await vault.listMessages({ limit: 200 })).messages.map((m) => m.pointer);
    pauses = 0;
    const discovering = vault.discoverMany(pointers);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await vault.lock({})).toMatchObject({ state: 'locked' });
    release();
    await expect(discovering).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('schema versions', () => {
  it('runs migrations in order up to the current version', async () => {
    const { local, history } = await setUp();
    const ran: number[] = [];
    const migrated = vaultOver(
      { local, session: new MemoryStorageArea(), history },
      {
        schemaVersion: 6,
        migrations: {
          5: async (store) => {
            ran.push(5);
            await store.set({ note: 'v5' });
          },
          6: () => {
            ran.push(6);
            return Promise.resolve();
          },
        },
      },
    );
    expect(await migrated.getStatus({})).toMatchObject({ state: 'locked' });
    expect(ran).toEqual([5, 6]);
    expect(JSON.parse(local.data.get(LOCAL_KEYS.schema) ?? '{}')).toEqual({ version: 6 });
  });

  it('refuses data from a newer version, and damaged data, with a clear error', async () => {
    const { local, history } = await setUp();
    local.data.set(LOCAL_KEYS.schema, JSON.stringify({ version: 9 }));
    const newer = await rejection(vaultOver({ local, session: new MemoryStorageArea(), history }).getStatus({}));
    expect(newer).toMatchObject({ code: 'corrupt-storage' });
    expect(newer.message).toMatch(/newer version/);
    local.data.set(LOCAL_KEYS.schema, JSON.stringify({ version: 4 }));
    local.data.set(LOCAL_KEYS.catalog, JSON.stringify({ chats: 'nope', nextSerial: 1 }));
    const damaged = await rejection(vaultOver({ local, session: new MemoryStorageArea(), history }).getStatus({}));
    expect(damaged.code).toBe('corrupt-storage');
    expect(damaged.message).toMatch(/catalog\.chats/);
  });
});
