import { describe, expect, it } from 'vitest';
import { discoverPointer, parsePointer } from '../../lib/clm.ts';
import { bytesToHex } from '../../lib/hex.ts';
import { MemoryStorageArea, type StorageArea } from '../../lib/storage-area.ts';
import { VaultError } from '../../lib/vault/errors.ts';
import { LOCAL_KEYS, MESSAGES_PER_BUCKET } from '../../lib/vault/schema.ts';
import { Vault, type VaultOptions } from '../../lib/vault/vault.ts';

const PHRASE = 'correct horse battery staple';
const NEW_PHRASE = 'purple elephant tuesday';
// A small scrypt cost keeps the tests fast; the real cost is measured by `npm run bench`.
const kdfCost = { N: 2 ** 10, r: 8, p: 1 };

type TestOptions = Partial<Omit<VaultOptions, 'local' | 'session'>> & { local?: MemoryStorageArea; session?: MemoryStorageArea };

function makeVault(options: TestOptions = {}) {
  const local = options.local ?? new MemoryStorageArea();
  const session = options.session ?? new MemoryStorageArea();
  return { vault: new Vault({ kdfCost, ...options, local, session }), local, session };
}

async function setUp(options: TestOptions = {}) {
  const made = makeVault(options);
  await made.vault.setup({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE });
  return made;
}

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

function dump(area: MemoryStorageArea): string {
  return JSON.stringify([...area.data]);
}

const utf8Hex = (s: string) => bytesToHex(new TextEncoder().encode(s));

describe('profile and lock', () => {
  it('sets up a profile with CLM’s default chats and is unlocked', async () => {
    const { vault } = await setUp();
    expect(await vault.status()).toEqual({ state: 'unlocked', username: 'alice' });
    const chats = await vault.listChats();
    expect(chats.map((c) => [c.id, c.name, c.seedSuffix])).toEqual([
      ['0', '⚡️ Urgent', 'urgent'],
      ['1', '💬 General chat', 'general'],
      ['2', '🤫 Secrets', 'secrets'],
    ]);
    const profile = await vault.profile();
    // CLM 2.0.1's public key for alice / "correct horse battery staple".
    expect(profile.clmPublicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(profile.kdf).toEqual({ name: 'scrypt', ...kdfCost });
  });

  it('trims the phrase and name as CLM does, and refuses what CLM cannot use', async () => {
    const { vault } = makeVault();
    expect((await rejection(vault.setup({ username: 'a', phrase: 'x', confirmPhrase: 'y' }))).code).toBe('phrases-differ');
    expect((await rejection(vault.setup({ username: '  ', phrase: 'x', confirmPhrase: 'x' }))).code).toBe('invalid-input');
    expect((await rejection(vault.setup({ username: 'a: b', phrase: 'x', confirmPhrase: 'x' }))).message).toMatch(/": "/);
    await vault.setup({ username: ' bob ', phrase: `  ${PHRASE}\n`, confirmPhrase: PHRASE });
    await vault.lock();
    expect(await vault.unlock({ phrase: PHRASE })).toEqual({ state: 'unlocked', username: 'bob' });
  });

  it('refuses a second profile', async () => {
    const { vault } = await setUp();
    expect((await rejection(vault.setup({ username: 'b', phrase: 'x', confirmPhrase: 'x' }))).code).toBe('profile-exists');
  });

  it('locks, refuses a wrong phrase, unlocks with the right one', async () => {
    const { vault, session } = await setUp();
    await vault.lock();
    expect(session.data.size).toBe(0);
    expect(await vault.status()).toEqual({ state: 'locked', username: 'alice' });
    expect((await rejection(vault.send({ chatId: '1', text: 'hi' }))).code).toBe('locked');
    const wrong = await rejection(vault.unlock({ phrase: 'Correct horse battery staple' }));
    expect(wrong.code).toBe('wrong-phrase');
    expect(await vault.unlock({ phrase: PHRASE })).toEqual({ state: 'unlocked', username: 'alice' });
  });

  it('slows down repeated failures, and remembers them across restarts', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const { vault, local, session } = await setUp({ now: clock });
    await vault.lock();
    expect((await rejection(vault.unlock({ phrase: 'no1' }))).retryAfterMs).toBe(0);
    expect((await rejection(vault.unlock({ phrase: 'no2' }))).retryAfterMs).toBe(0);
    expect((await rejection(vault.unlock({ phrase: 'no3' }))).retryAfterMs).toBe(1000);
    // The popup closed, the worker restarted: a new Vault over the same storage.
    const again = new Vault({ local, session, kdfCost, now: clock });
    const throttled = await rejection(again.unlock({ phrase: PHRASE }));
    expect(throttled.code).toBe('throttled');
    expect(throttled.retryAfterMs).toBe(1000);
    now += 1000;
    expect((await rejection(again.unlock({ phrase: 'no4' }))).retryAfterMs).toBe(2000);
    now += 2000;
    await again.unlock({ phrase: PHRASE });
    await again.lock();
    // A success resets the count.
    expect((await rejection(again.unlock({ phrase: 'no5' }))).retryAfterMs).toBe(0);
  });

  it('survives a worker restart (session kept) and locks on a browser restart (session emptied)', async () => {
    const { vault, local, session } = await setUp();
    await vault.send({ chatId: '1', text: 'before restart' });
    const restartedWorker = new Vault({ local, session, kdfCost });
    expect(await restartedWorker.status()).toEqual({ state: 'unlocked', username: 'alice' });
    expect((await restartedWorker.listMessages({})).messages.map((m) => m.text)).toEqual(['before restart']);

    const restartedBrowser = new Vault({ local, session: new MemoryStorageArea(), kdfCost });
    expect(await restartedBrowser.status()).toEqual({ state: 'locked', username: 'alice' });
    expect((await restartedBrowser.listChats()).find((c) => c.id === '1')?.messageCount).toBe(1);
    expect((await rejection(restartedBrowser.listMessages({}))).code).toBe('locked');
    await restartedBrowser.unlock({ phrase: PHRASE });
    expect((await restartedBrowser.listMessages({})).messages.map((m) => m.text)).toEqual(['before restart']);
  });

  it('deletes the profile only after DELETE, wiping both areas (also while locked)', async () => {
    const { vault, local, session } = await setUp();
    await vault.send({ chatId: '1', text: 'x' });
    expect((await rejection(vault.deleteProfile({ confirmation: 'delete' }))).code).toBe('confirmation-required');
    expect(local.data.size).toBeGreaterThan(0);
    await vault.lock();
    expect(await vault.deleteProfile({ confirmation: 'DELETE' })).toEqual({ state: 'no-profile', username: null });
    expect(local.data.size).toBe(0);
    expect(session.data.size).toBe(0);
    expect(await vault.status()).toEqual({ state: 'no-profile', username: null });
  });

  it('tells the lock state to its listener', async () => {
    const states: string[] = [];
    const { vault } = await setUp({
      onLockStateChange: (s) => {
        states.push(s);
      },
    });
    await vault.lock();
    await vault.unlock({ phrase: PHRASE });
    await vault.deleteProfile({ confirmation: 'DELETE' });
    expect(states).toEqual(['unlocked', 'locked', 'unlocked', 'no-profile']);
  });
});

describe('send and discover', () => {
  it('sends a CLM 2.0.1 pointer that CLM’s algorithm discovers', async () => {
    const now = 1_736_854_567_123;
    const { vault } = await setUp({ now: () => now });
    const { pointer, message } = await vault.send({ chatId: '1', text: '  Привет, мир!  ' });
    expect(pointer).toMatch(/^\{"c": "1", "e": 1736854567, "d": "[0-9a-f]+"\}$/);
    expect(discoverPointer({ phrase: PHRASE, seedSuffix: 'general', pointer })).toMatchObject({
      sender: 'alice',
      text: 'Привет, мир!',
    });
    expect(message).toMatchObject({ kind: 'sent', chatId: '1', chatName: '💬 General chat', text: 'Привет, мир!', epoch: 1736854567 });
  });

  it('never reuses a keystream: a second message in the same second gets the next free epoch', async () => {
    const now = 1_736_854_567_000;
    const { vault } = await setUp({ now: () => now });
    const epochs = [];
    for (let i = 0; i < 3; i++) epochs.push(parsePointer((await vault.send({ chatId: '1', text: `m${i}` })).pointer).epoch);
    expect(epochs).toEqual([1736854567, 1736854568, 1736854569]);
    // Another chat has its own seed suffix, so its keystreams differ already.
    expect(parsePointer((await vault.send({ chatId: '2', text: 'x' })).pointer).epoch).toBe(1736854567);
  });

  it('discovers a received pointer once, however it is spaced or cased', async () => {
    const { vault } = await setUp();
    const { vault: other } = await setUp();
    const { pointer } = await other.send({ chatId: '2', text: 'from the other browser' });
    const first = await vault.discover({ pointer });
    expect(first.duplicate).toBe(false);
    expect(first.message).toMatchObject({ kind: 'received', sender: 'alice', text: 'from the other browser', chatId: '2' });
    const mangled = ` ${pointer.replace(/"d": "([0-9a-f]+)"/, (_, d: string) => `"d":"${d.toUpperCase().replace(/(..)/g, '$1 ')}"`)}\n`;
    const second = await vault.discover({ pointer: mangled });
    expect(second).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    expect((await vault.listMessages({})).total).toBe(1);
  });

  it('treats one’s own sent pointer as the same message', async () => {
    const { vault } = await setUp();
    const { pointer, message } = await vault.send({ chatId: '0', text: 'mine' });
    expect(await vault.discover({ pointer })).toMatchObject({ duplicate: true, message: { id: message.id, kind: 'sent' } });
  });

  it('uses chat_<id> for an unknown chat id, as CLM does', async () => {
    const { vault } = await setUp();
    const { vault: other } = await setUp();
    const created = await other.createChat({ name: 'Project' });
    expect(created).toMatchObject({ id: '3', seedSuffix: 'chat_3' });
    const { pointer } = await other.send({ chatId: '3', text: 'in chat 3' });
    const found = await vault.discover({ pointer });
    expect(found.message).toMatchObject({ chatId: '3', chatName: 'Chat 3', text: 'in chat 3' });
  });

  it('explains a bad pointer and saves nothing', async () => {
    const { vault, local } = await setUp();
    const before = dump(local);
    const notJson = await rejection(vault.discover({ pointer: 'hello' }));
    expect(notJson).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-a-pointer' });
    const { vault: stranger } = await setUp();
    await stranger.lock();
    // A pointer under another phrase:
    const foreign = new Vault({ local: new MemoryStorageArea(), session: new MemoryStorageArea(), kdfCost });
    await foreign.setup({ username: 'eve', phrase: 'another phrase', confirmPhrase: 'another phrase' });
    const { pointer } = await foreign.send({ chatId: '1', text: 'secret' });
    const wrong = await rejection(vault.discover({ pointer }));
    expect(wrong).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(dump(local)).toBe(before);
  });

  it('refuses an empty message and one too long for a pointer', async () => {
    const { vault } = await setUp();
    expect((await rejection(vault.send({ chatId: '1', text: '   ' }))).code).toBe('invalid-input');
    expect((await rejection(vault.send({ chatId: '1', text: 'x'.repeat(40_000) }))).code).toBe('message-too-long');
    expect((await rejection(vault.send({ chatId: '99', text: 'x' }))).code).toBe('not-found');
  });

  it('loses nothing when two pages send 100 messages each at once', async () => {
    const { vault, local, session } = await setUp();
    const sends = [];
    for (let i = 0; i < 100; i++) {
      sends.push(vault.send({ chatId: '1', text: `page A #${i}` }), vault.send({ chatId: '1', text: `page B #${i}` }));
    }
    const results = await Promise.all(sends);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(200);
    expect(new Set(results.map((r) => parsePointer(r.pointer).epoch)).size).toBe(200);
    const reread = new Vault({ local, session, kdfCost });
    const page = await reread.listMessages({ limit: 500 });
    expect(page.total).toBe(200);
    expect(new Set(page.messages.map((m) => m.text))).toEqual(new Set(results.map((r) => r.message.text)));
  });
});

describe('history and trash', () => {
  async function withHistory() {
    let now = 1_700_000_000_000;
    const made = await setUp({ now: () => (now += 1000) });
    for (const [chatId, text] of [
      ['0', 'Urgent: server down'],
      ['1', 'Lunch at noon?'],
      ['1', 'Yes, NOON works'],
      ['2', 'the code is 1234'],
    ] as const) {
      await made.vault.send({ chatId, text });
    }
    return made;
  }

  it('lists all, by chat, newest first or oldest first, paged', async () => {
    const { vault } = await withHistory();
    expect((await vault.listMessages({})).messages.map((m) => m.text)).toEqual([
      'the code is 1234',
      'Yes, NOON works',
      'Lunch at noon?',
      'Urgent: server down',
    ]);
    expect((await vault.listMessages({ chatId: '1', order: 'oldest-first' })).messages.map((m) => m.text)).toEqual([
      'Lunch at noon?',
      'Yes, NOON works',
    ]);
    const page = await vault.listMessages({ offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.messages.map((m) => m.text)).toEqual(['Yes, NOON works', 'Lunch at noon?']);
  });

  it('searches sender and text, ignoring case', async () => {
    const { vault } = await withHistory();
    expect((await vault.listMessages({ query: 'noon' })).messages.map((m) => m.text)).toEqual(['Yes, NOON works', 'Lunch at noon?']);
    expect((await vault.listMessages({ query: 'ALICE' })).total).toBe(4);
    expect((await vault.listMessages({ query: 'nothing like this' })).total).toBe(0);
  });

  it('finds a message by id with its pointer', async () => {
    const { vault } = await withHistory();
    const newest = (await vault.listMessages({ limit: 1 })).messages.at(0);
    const byId = await vault.getMessage({ id: newest?.id ?? 0 });
    expect(byId).toEqual(newest);
    expect(parsePointer(byId.pointer).chatId).toBe('2');
    expect((await rejection(vault.getMessage({ id: 999 }))).code).toBe('not-found');
  });

  it('moves to the trash, restores, deletes forever, empties the trash', async () => {
    const { vault } = await withHistory();
    const all = (await vault.listMessages({})).messages;
    const a = all.at(0);
    const b = all.at(1);
    if (!a || !b) throw new Error('history missing');
    await vault.trashMessage({ id: a.id });
    await vault.trashMessage({ id: b.id });
    expect((await vault.listMessages({})).total).toBe(2);
    expect((await vault.listMessages({ trashed: true })).messages.map((m) => m.id)).toEqual([a.id, b.id]);
    expect((await vault.listChats()).find((c) => c.id === '1')).toMatchObject({ messageCount: 1, trashedCount: 1 });
    expect(await vault.restoreMessage({ id: a.id })).toMatchObject({ id: a.id, trashed: false });
    await vault.deleteMessageForever({ id: b.id });
    expect((await rejection(vault.getMessage({ id: b.id }))).code).toBe('not-found');
    await vault.trashMessage({ id: a.id });
    expect(await vault.emptyTrash()).toEqual({ deletedMessages: 1 });
    expect((await vault.listMessages({ trashed: true })).total).toBe(0);
    expect((await vault.listMessages({})).total).toBe(2);
  });

  it('creates, renames, clears and deletes chats (with their messages)', async () => {
    const { vault } = await withHistory();
    const chat = await vault.createChat({ name: ' Family ', seedSuffix: ' our-secret ' });
    expect(chat).toEqual({
      id: '3',
      name: 'Family',
      seedSuffix: 'our-secret',
      format: 'sealed',
      phrase: 'master',
      messageCount: 0,
      trashedCount: 0,
      lastMessageAt: null,
    });
    expect(await vault.renameChat({ chatId: '3', name: 'Family 🏡' })).toMatchObject({ name: 'Family 🏡' });
    await vault.send({ chatId: '3', text: 'hi family' });
    expect((await vault.createChat({ name: 'Next' })).id).toBe('4');
    expect(await vault.clearChatHistory({ chatId: '1' })).toMatchObject({ messageCount: 0, trashedCount: 0 });
    expect(await vault.deleteChat({ chatId: '3' })).toEqual({ deletedMessages: 1 });
    expect((await vault.listChats()).map((c) => c.id)).toEqual(['0', '1', '2', '4']);
    expect((await vault.listMessages({})).messages.map((m) => m.text)).toEqual(['the code is 1234', 'Urgent: server down']);
  });

  it('shows chat names and counts while locked, never texts', async () => {
    const { vault, local, session } = await withHistory();
    await vault.lock();
    const locked = new Vault({ local, session, kdfCost });
    const chats = await locked.listChats();
    expect(chats.map((c) => c.messageCount)).toEqual([1, 2, 1]);
    expect(JSON.stringify(chats)).not.toMatch(/noon|server|1234/i);
  });
});

describe('nothing secret at rest', () => {
  it('keeps the phrase, texts, pointers and the CLM public key out of storage.local', async () => {
    const { vault, local } = await setUp();
    const { pointer } = await vault.send({ chatId: '1', text: 'meet me at the old bridge' });
    const { clmPublicKey } = await vault.profile();
    await vault.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE });
    await vault.send({ chatId: '2', text: 'second secret sentence' });
    const stored = dump(local);
    for (const secret of [PHRASE, NEW_PHRASE, 'meet me at the old bridge', 'second secret sentence', clmPublicKey, pointer]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(utf8Hex(secret));
    }
    expect(stored).not.toContain(parsePointer(pointer).data.length > 0 ? bytesToHex(parsePointer(pointer).data) : 'x');
  });
});

/** A storage area that dies (like a killed browser) on its `failAt`-th write, that write included. */
class DyingStorageArea implements StorageArea {
  writes = 0;
  failAt = Infinity;
  readonly inner: MemoryStorageArea;
  constructor(inner: MemoryStorageArea) {
    this.inner = inner;
  }
  get(keys: readonly string[]) {
    return this.inner.get(keys);
  }
  set(items: Record<string, unknown>) {
    this.writes++;
    if (this.writes >= this.failAt) return Promise.reject(new Error('the browser was killed'));
    return this.inner.set(items);
  }
  remove(keys: readonly string[]) {
    return this.inner.remove(keys);
  }
  clear() {
    return this.inner.clear();
  }
}

function copyArea(area: MemoryStorageArea): MemoryStorageArea {
  const copy = new MemoryStorageArea();
  for (const [k, v] of area.data) copy.data.set(k, v);
  return copy;
}

describe('change phrase', () => {
  it('keeps history, and afterwards only the new phrase unlocks', async () => {
    const { vault, local } = await setUp();
    await vault.send({ chatId: '1', text: 'written under the old phrase' });
    expect((await rejection(vault.changePhrase({ currentPhrase: 'nope', newPhrase: 'x', confirmPhrase: 'x' }))).code).toBe('wrong-phrase');
    expect((await rejection(vault.changePhrase({ currentPhrase: PHRASE, newPhrase: 'x', confirmPhrase: 'y' }))).code).toBe('phrases-differ');
    await vault.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE });
    await vault.send({ chatId: '1', text: 'written under the new phrase' });
    await vault.lock();
    expect((await rejection(vault.unlock({ phrase: PHRASE }))).code).toBe('wrong-phrase');
    await vault.unlock({ phrase: NEW_PHRASE });
    expect((await vault.listMessages({})).messages.map((m) => m.text)).toEqual([
      'written under the new phrase',
      'written under the old phrase',
    ]);
    // Every record is now under the new key generation.
    expect(JSON.stringify([...local.data.values()])).not.toMatch(/"gen":1\b/);
  });

  it('loses nothing when the browser is killed at any write, whichever phrase unlocks next', async () => {
    // Enough messages for three buckets, so the re-encryption takes several writes.
    const base = new MemoryStorageArea();
    const { vault } = await setUp({ local: base });
    const texts: string[] = [];
    for (let i = 0; i < 2 * MESSAGES_PER_BUCKET + 10; i++) {
      const text = `message ${i}`;
      texts.push(text);
      await vault.send({ chatId: String(i % 3), text });
    }
    const expected = [...texts].sort();
    const snapshot = copyArea(base);

    // Count the writes of an uninterrupted change: profile, 3 buckets, profile.
    const counting = new DyingStorageArea(copyArea(snapshot));
    const full = new Vault({ local: counting, session: new MemoryStorageArea(), kdfCost });
    await full.unlock({ phrase: PHRASE });
    counting.writes = 0;
    await full.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE });
    const writes = counting.writes;
    expect(writes).toBe(5);

    for (let failAt = 1; failAt <= writes; failAt++) {
      const dying = new DyingStorageArea(copyArea(snapshot));
      const victim = new Vault({ local: dying, session: new MemoryStorageArea(), kdfCost });
      await victim.unlock({ phrase: PHRASE });
      dying.writes = 0;
      dying.failAt = failAt;
      await expect(
        victim.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE }),
      ).rejects.toThrow();

      // The browser restarts: only storage.local is left. Either phrase may be typed.
      for (const phrase of [PHRASE, NEW_PHRASE]) {
        const disk = copyArea(dying.inner);
        const restarted = new Vault({ local: disk, session: new MemoryStorageArea(), kdfCost });
        let unlocked = true;
        try {
          await restarted.unlock({ phrase });
        } catch (error) {
          // Before step 1 landed the new phrase does not exist yet; that alone may be refused.
          expect(failAt === 1 && phrase === NEW_PHRASE).toBe(true);
          expect((error as VaultError).code).toBe('wrong-phrase');
          unlocked = false;
        }
        if (!unlocked) continue;
        const page = await restarted.listMessages({ limit: 500 });
        expect(page.messages.map((m) => m.text).sort(), `killed at write ${failAt}, unlocked with ${phrase}`).toEqual(expected);
        // The interrupted change is settled: one phrase works, the other does not, and a fresh
        // worker over the same disk reads everything too.
        await restarted.lock();
        const other = phrase === PHRASE ? NEW_PHRASE : PHRASE;
        expect((await rejection(restarted.unlock({ phrase: other }))).code).toBe('wrong-phrase');
        const again = new Vault({ local: disk, session: new MemoryStorageArea(), kdfCost });
        await again.unlock({ phrase });
        expect((await again.listMessages({ limit: 500 })).total).toBe(expected.length);
        const profile = JSON.parse(disk.data.get(LOCAL_KEYS.profile) ?? '{}') as { pendingChange?: unknown };
        expect(profile.pendingChange).toBeUndefined();
      }
    }
  });
});

describe('a full store', () => {
  it('refuses with storage-full and leaves storage and memory as they were', async () => {
    const local = new MemoryStorageArea({ quotaBytes: 12_000 });
    const { vault, session } = await setUp({ local });
    let sent = 0;
    let error: VaultError | undefined;
    while (!error) {
      try {
        await vault.send({ chatId: '1', text: `message number ${sent} `.padEnd(80, '.') });
        sent++;
      } catch (e) {
        error = e as VaultError;
      }
    }
    expect(error.code).toBe('storage-full');
    expect(error.message).toMatch(/full/);
    const before = dump(local);
    expect((await vault.listMessages({ limit: 500 })).total).toBe(sent);
    // A fresh worker sees exactly what this one believes.
    expect((await new Vault({ local, session, kdfCost }).listMessages({ limit: 500 })).total).toBe(sent);
    expect(dump(local)).toBe(before);
    // Freeing space makes room again.
    const oldest = (await vault.listMessages({ order: 'oldest-first', limit: 1 })).messages.at(0);
    await vault.trashMessage({ id: oldest?.id ?? 0 });
    await vault.emptyTrash();
    await vault.send({ chatId: '1', text: 'fits again' });
  });
});

describe('schema versions', () => {
  it('runs migrations in order up to the current version', async () => {
    const { local } = await setUp();
    const ran: number[] = [];
    const migrated = new Vault({
      local,
      session: new MemoryStorageArea(),
      kdfCost,
      schemaVersion: 5,
      migrations: {
        4: async (store) => {
          ran.push(4);
          await store.set({ note: 'v4' });
        },
        5: async () => {
          ran.push(5);
          await Promise.resolve();
        },
      },
    });
    expect(await migrated.status()).toMatchObject({ state: 'locked' });
    expect(ran).toEqual([4, 5]);
    expect(JSON.parse(local.data.get(LOCAL_KEYS.schema) ?? '{}')).toEqual({ version: 5 });
    expect(JSON.parse(local.data.get('note') ?? '""')).toBe('v4');
  });

  it('migrates a version 1 store: its chats keep speaking CLM 2.0.1', async () => {
    const { vault, local } = await setUp();
    await vault.createChat({ name: 'Old project', format: 'sealed' });
    await vault.send({ chatId: '1', text: 'kept through the migration' });
    // Make it what version 1 wrote: no format and no phrase kind on chats.
    const catalog = JSON.parse(local.data.get(LOCAL_KEYS.catalog) ?? '{}') as { chats: { format?: string; phrase?: string }[] };
    for (const chat of catalog.chats) {
      delete chat.format;
      delete chat.phrase;
    }
    local.data.set(LOCAL_KEYS.catalog, JSON.stringify(catalog));
    local.data.set(LOCAL_KEYS.schema, JSON.stringify({ version: 1 }));

    const upgraded = new Vault({ local, session: new MemoryStorageArea(), kdfCost });
    expect((await upgraded.listChats()).map((c) => [c.format, c.phrase])).toEqual([
      ['clm', 'master'],
      ['clm', 'master'],
      ['clm', 'master'],
      ['clm', 'master'],
    ]);
    expect(JSON.parse(local.data.get(LOCAL_KEYS.schema) ?? '{}')).toEqual({ version: 3 });
    await upgraded.unlock({ phrase: PHRASE });
    expect((await upgraded.listMessages({})).messages.map((m) => [m.text, m.format, m.integrityProtected])).toEqual([
      ['kept through the migration', 'clm', false],
    ]);
    // And a new chat now defaults to sealed.
    expect((await upgraded.createChat({ name: 'New' })).format).toBe('sealed');
  });

  it('refuses data from a newer version, and damaged data, with a clear error', async () => {
    const { local } = await setUp();
    local.data.set(LOCAL_KEYS.schema, JSON.stringify({ version: 9 }));
    const newer = await rejection(new Vault({ local, session: new MemoryStorageArea(), kdfCost }).status());
    expect(newer).toMatchObject({ code: 'corrupt-storage' });
    expect(newer.message).toMatch(/newer version/);
    local.data.set(LOCAL_KEYS.schema, JSON.stringify({ version: 1 }));
    local.data.set(LOCAL_KEYS.catalog, JSON.stringify({ chats: 'nope', nextMessageId: 1 }));
    const damaged = await rejection(new Vault({ local, session: new MemoryStorageArea(), kdfCost }).status());
    expect(damaged.code).toBe('corrupt-storage');
    expect(damaged.message).toMatch(/catalog\.chats/);
  });
});

describe('damage on disk', () => {
  it('shows the messages of a box that fails to open as damaged, and the rest as they are', async () => {
    const { vault, local, session } = await setUp();
    for (let i = 0; i < MESSAGES_PER_BUCKET + 5; i++) await vault.send({ chatId: '1', text: `m${i}` });
    // Someone edits bucket 0 on disk: moves message #1 to another chat.
    const key = `${LOCAL_KEYS.bucketPrefix}0`;
    const bucket = JSON.parse(local.data.get(key) ?? '{}') as { messages: { chatId: string }[] };
    const first = bucket.messages.at(0);
    if (!first) throw new Error('bucket 0 is empty');
    first.chatId = '2';
    local.data.set(key, JSON.stringify(bucket));
    const fresh = new Vault({ local, session, kdfCost });
    const page = await fresh.listMessages({ limit: 500, order: 'oldest-first' });
    expect(page.total).toBe(MESSAGES_PER_BUCKET + 5);
    const damaged = page.messages.filter((m) => m.text.includes('damaged'));
    expect(damaged).toHaveLength(MESSAGES_PER_BUCKET - 1); // bucket 0 holds ids 1..63
    expect(page.messages.filter((m) => /^m\d+$/.test(m.text))).toHaveLength(6);
    // Changing a damaged bucket is refused rather than making it worse.
    expect((await rejection(fresh.trashMessage({ id: 2 }))).code).toBe('corrupt-storage');
    // A search skips what it cannot read.
    expect((await fresh.listMessages({ query: 'm10' })).total).toBe(0);
    expect((await fresh.listMessages({ query: 'm64' })).total).toBe(1);
  });
});

describe('sealed chats', () => {
  it('send sealed pointers, discovered in the chat whose key opens them, whatever its id', async () => {
    const { vault: alice } = await setUp();
    const { vault: bob } = await setUp();
    const family = await alice.createChat({ name: 'Family', seedSuffix: 'our-family' });
    expect(family).toMatchObject({ id: '3', format: 'sealed' });
    // Bob made another chat first, so the same chat has another id on his side.
    await bob.createChat({ name: 'Work' });
    const bobsFamily = await bob.createChat({ name: 'Family', seedSuffix: 'our-family' });
    expect(bobsFamily.id).toBe('4');

    const { pointer, message } = await alice.send({ chatId: '3', text: 'dinner at eight' });
    expect(pointer).toMatch(/^CLM1:[A-Z2-7]+$/);
    expect(message).toMatchObject({ format: 'sealed', integrityProtected: true });
    const found = await bob.discover({ pointer });
    expect(found.message).toMatchObject({ chatId: '4', chatName: 'Family', sender: 'alice', text: 'dinner at eight', format: 'sealed', integrityProtected: true });
    // Pasted again in lower case and wrapped: the same message.
    expect(await bob.discover({ pointer: pointer.toLowerCase().replace(/(.{30})/g, '$1\n') })).toMatchObject({ duplicate: true });
    // Two messages in the same second are two pointers, both readable.
    const again = await alice.send({ chatId: '3', text: 'dinner at eight' });
    expect(again.pointer).not.toBe(pointer);
    expect((await bob.discover({ pointer: again.pointer })).duplicate).toBe(false);
  });

  it('refuses a tampered sealed pointer as altered or not for this phrase, and saves nothing', async () => {
    const { vault, local } = await setUp();
    await vault.createChat({ name: 'Sealed' });
    const { pointer } = await vault.send({ chatId: '3', text: 'do not change me' });
    const last = pointer.at(-1) === 'A' ? 'B' : 'A';
    const before = dump(local);
    const error = await rejection(vault.discover({ pointer: pointer.slice(0, -1) + last }));
    expect(error).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(error.message).toMatch(/altered or not for this phrase/);
    expect(dump(local)).toBe(before);
  });

  it('keeps the default chats CLM-compatible, and can switch a chat’s format', async () => {
    const { vault } = await setUp();
    expect((await vault.listChats()).map((c) => c.format)).toEqual(['clm', 'clm', 'clm']);
    const clm = await vault.send({ chatId: '1', text: 'to a CLM user' });
    expect(clm.pointer).toMatch(/^\{"c": "1"/);
    expect(clm.message).toMatchObject({ format: 'clm', integrityProtected: false });
    expect(await vault.setChatFormat({ chatId: '1', format: 'sealed' })).toMatchObject({ format: 'sealed' });
    expect((await vault.send({ chatId: '1', text: 'now sealed' })).pointer).toMatch(/^CLM1:/);
    // What was sent before keeps its format.
    expect((await vault.getMessage({ id: clm.message.id })).format).toBe('clm');
  });
});

describe('a phrase per chat', () => {
  const P = 'only the project members know this';

  async function twoPeople() {
    const alice = makeVault();
    await alice.vault.setup({ username: 'alice', phrase: 'alice master phrase', confirmPhrase: 'alice master phrase' });
    const bob = makeVault();
    await bob.vault.setup({ username: 'bob', phrase: 'bob master phrase', confirmPhrase: 'bob master phrase' });
    return { alice, bob };
  }

  it('two people with different profile phrases talk in a chat whose phrase they share, both formats', async () => {
    const { alice, bob } = await twoPeople();
    for (const format of ['sealed', 'clm'] as const) {
      const chat = await alice.vault.createChat({ name: `Project ${format}`, format, phrase: P });
      expect(chat).toMatchObject({ phrase: 'own', format });
      const { invite } = await alice.vault.chatInvite({ chatId: chat.id });
      expect(invite).not.toContain(P);
      const bobs = await bob.vault.addChatFromInvite({ invite, phrase: P });
      expect(bobs).toMatchObject({ id: chat.id, name: `Project ${format}`, seedSuffix: chat.seedSuffix, format, phrase: 'own' });

      const fromAlice = await alice.vault.send({ chatId: chat.id, text: `hello bob (${format})` });
      expect((await bob.vault.discover({ pointer: fromAlice.pointer })).message).toMatchObject({ chatId: chat.id, sender: 'alice', text: `hello bob (${format})` });
      const fromBob = await bob.vault.send({ chatId: bobs.id, text: `hi alice (${format})` });
      expect((await alice.vault.discover({ pointer: fromBob.pointer })).message).toMatchObject({ chatId: chat.id, sender: 'bob' });
    }
  });

  it('isolates chats: without a chat’s phrase nothing of it can be read, and nothing is saved', async () => {
    const { alice, bob } = await twoPeople();
    const shared = await alice.vault.createChat({ name: 'Shared', phrase: P });
    const secret = await alice.vault.createChat({ name: 'Alice and Carol', phrase: 'alice and carol only' });
    await bob.vault.addChatFromInvite({ invite: (await alice.vault.chatInvite({ chatId: shared.id })).invite, phrase: P });
    const readable = await alice.vault.send({ chatId: shared.id, text: 'for bob' });
    const unreadable = await alice.vault.send({ chatId: secret.id, text: 'not for bob' });
    const before = dump(bob.local);
    const error = await rejection(bob.vault.discover({ pointer: unreadable.pointer }));
    expect(error).toMatchObject({ code: 'bad-pointer', pointerCode: 'not-for-this-phrase' });
    expect(error.message).toMatch(/^No chat of yours can read this/);
    expect(dump(bob.local)).toBe(before);
    expect((await bob.vault.discover({ pointer: readable.pointer })).message.text).toBe('for bob');
    // Alice's default chats use her profile phrase, which Bob does not have either.
    const general = await alice.vault.send({ chatId: '1', text: 'to alice’s group' });
    expect((await rejection(bob.vault.discover({ pointer: general.pointer }))).code).toBe('bad-pointer');
  });

  it('takes a free invite id as is, and keeps the invite’s id for pointers when its own is taken', async () => {
    const { alice, bob } = await twoPeople();
    await bob.vault.createChat({ name: 'Bob’s own chat 3', format: 'clm' });
    const chat = await alice.vault.createChat({ name: 'Project', format: 'clm', phrase: P });
    expect(chat.id).toBe('3');
    const bobs = await bob.vault.addChatFromInvite({ invite: (await alice.vault.chatInvite({ chatId: '3' })).invite, phrase: P });
    expect(bobs.id).toBe('4');
    // A CLM pointer names chat 3: Bob's chat 3 cannot read it, his chat 4 (chat 3 on the wire) can.
    const fromAlice = await alice.vault.send({ chatId: '3', text: 'which chat?' });
    expect((await bob.vault.discover({ pointer: fromAlice.pointer })).message).toMatchObject({ chatId: '4', chatName: 'Project' });
    const fromBob = await bob.vault.send({ chatId: '4', text: 'this one' });
    expect(fromBob.pointer).toMatch(/^\{"c": "3"/);
    expect((await alice.vault.discover({ pointer: fromBob.pointer })).message).toMatchObject({ chatId: '3', text: 'this one' });
    // Adding the same invite twice is refused.
    expect((await rejection(bob.vault.addChatFromInvite({ invite: (await alice.vault.chatInvite({ chatId: '3' })).invite, phrase: P }))).message).toMatch(/already have this chat/);
    expect((await rejection(bob.vault.addChatFromInvite({ invite: 'CLMCHAT1:AAAA', phrase: P }))).code).toBe('invalid-input');
  });

  it('a new chat phrase affects only new messages: old pointers still open', async () => {
    const { alice, bob } = await twoPeople();
    const chat = await alice.vault.createChat({ name: 'Project', phrase: P });
    await bob.vault.addChatFromInvite({ invite: (await alice.vault.chatInvite({ chatId: chat.id })).invite, phrase: P });
    const old = await alice.vault.send({ chatId: chat.id, text: 'under the first phrase' });
    await alice.vault.setChatPhrase({ chatId: chat.id, phrase: 'the second phrase' });
    await bob.vault.setChatPhrase({ chatId: chat.id, phrase: 'the second phrase' });
    const fresh = await alice.vault.send({ chatId: chat.id, text: 'under the second phrase' });
    expect((await bob.vault.discover({ pointer: fresh.pointer })).message.text).toBe('under the second phrase');
    expect((await bob.vault.discover({ pointer: old.pointer })).message.text).toBe('under the first phrase');
    // Back to the profile phrase: what the chat's own phrases opened still opens.
    expect(await alice.vault.setChatPhrase({ chatId: chat.id })).toMatchObject({ phrase: 'master' });
    expect((await alice.vault.discover({ pointer: old.pointer })).duplicate).toBe(true);
  });

  it('a profile phrase change leaves chat phrases untouched; a chat phrase is shown only with the profile phrase', async () => {
    const alice = makeVault();
    await alice.vault.setup({ username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE });
    const chat = await alice.vault.createChat({ name: 'Project', phrase: P });
    const before = await alice.vault.send({ chatId: chat.id, text: 'before' });
    await alice.vault.changePhrase({ currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE });
    const after = await alice.vault.send({ chatId: chat.id, text: 'after' });
    // Same chat key: a fresh vault with only the chat phrase reads both.
    const bob = makeVault();
    await bob.vault.setup({ username: 'bob', phrase: 'bob', confirmPhrase: 'bob' });
    await bob.vault.addChatFromInvite({ invite: (await alice.vault.chatInvite({ chatId: chat.id })).invite, phrase: P });
    expect((await bob.vault.discover({ pointer: before.pointer })).message.text).toBe('before');
    expect((await bob.vault.discover({ pointer: after.pointer })).message.text).toBe('after');

    expect((await rejection(alice.vault.revealChatPhrase({ chatId: chat.id, masterPhrase: PHRASE }))).code).toBe('wrong-phrase');
    expect(await alice.vault.revealChatPhrase({ chatId: chat.id, masterPhrase: NEW_PHRASE })).toEqual({ phrase: P });
    expect((await rejection(alice.vault.revealChatPhrase({ chatId: '1', masterPhrase: NEW_PHRASE }))).code).toBe('invalid-input');
    // Never on disk in the clear, and gone with its chat.
    expect(dump(alice.local)).not.toContain(P);
    await alice.vault.deleteChat({ chatId: chat.id });
    await alice.vault.lock();
    await alice.vault.unlock({ phrase: NEW_PHRASE });
    expect((await rejection(alice.vault.revealChatPhrase({ chatId: chat.id, masterPhrase: NEW_PHRASE }))).code).toBe('not-found');
  });
});
