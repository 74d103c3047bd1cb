/**
 * History: every message, sealed in buckets per chat, found through small sealed directories.
 * Nothing here reads all history on a hot path: counts and last activity come from the
 * directories, a page of a chat opens the one or two buckets that hold it, an id or a second is
 * looked up in the directory first. Only a text search opens every bucket — in steps, so the
 * worker keeps answering (a Lock acts between two steps).
 *
 * Every change is one all-or-nothing write of the records it touches (buckets, directories,
 * state), made after the new records are fully computed; the caches change only once the write
 * succeeded. A stop between any two writes therefore loses nothing.
 * @module
 */
import { VaultError } from '../errors.ts';
import type { RandomBytes } from '../keys.ts';
import { storageFailure } from '../storage-errors.ts';
import { CodecError } from './codec.ts';
import {
  type BucketEntry,
  decodeDirectory,
  decodeState,
  type Directory,
  EMPTY_DIRECTORY,
  EMPTY_STATE,
  encodeDirectory,
  encodeState,
  type HistoryState,
  summarize,
} from './directory.ts';
import {
  BUCKET_SIZE,
  bucketKey,
  chatTag,
  decodeBucket,
  directoryKey,
  encodeBucket,
  openRecord,
  recordGeneration,
  sealRecord,
  STATE_KEY,
  type StoredMessage,
} from './records.ts';
import type { HistoryStore } from './store.ts';

/** The keys of one unlock: every history key generation it can open, and the index key. */
export interface HistoryKeys {
  readonly keys: ReadonlyMap<number, Uint8Array>;
  /** The generation new records are sealed under. */
  readonly current: number;
  /** Makes chat tags; the same for the life of the profile. */
  readonly indexKey: Uint8Array;
}

export interface HistoryOptions {
  readonly random: RandomBytes;
  /** Lets other work run between steps of a long read or rewrite. */
  readonly pause: () => Promise<void>;
  /**
   * Throws `locked` when `keys` are no longer those of the unlocked session: called before every
   * write and between the steps of long reads, so a Lock stops any work at once.
   */
  readonly assertCurrent: (keys: HistoryKeys) => void;
  readonly now: () => number;
}

/** A message with the chat (its history ref) it belongs to. */
export interface Located {
  readonly ref: string;
  readonly message: StoredMessage;
}

/** A message to append; with an `id`, that id is kept (moving history in from elsewhere, in id order). */
export type NewMessage = Omit<StoredMessage, 'id'> & { readonly id?: number };

export interface PageQuery {
  readonly trashed: boolean;
  /** Lower-case text to find in `sender: text`. */
  readonly query?: string;
  readonly order: 'newest-first' | 'oldest-first';
  readonly offset: number;
  readonly limit: number;
}

export interface Page {
  readonly total: number;
  readonly items: readonly Located[];
  /** Messages of buckets that could not be opened (damaged), which the page could not show. */
  readonly damaged: number;
}

/** Buckets kept open in memory: enough for 250,000 messages; the least recently used go first. */
const MAX_OPEN_BUCKETS = 4096;
/** Buckets opened between two pauses of a long read. */
const STEP_BUCKETS = 24;

const byEpoch = (a: StoredMessage, b: StoredMessage) => a.epoch - b.epoch || a.id - b.id;

const damagedStore = () =>
  new VaultError('corrupt-storage', 'Some stored messages are damaged and cannot be decrypted, so they were left untouched.');

export class History {
  private readonly store: HistoryStore;
  private readonly options: HistoryOptions;
  /** Caches belong to one unlock: a new keys object (unlock, lock, phrase change) empties them. */
  private owner: HistoryKeys | null = null;
  private stateCache: HistoryState | null = null;
  private readonly dirs = new Map<string, Directory>();
  private readonly tags = new Map<string, string>();
  private readonly open = new Map<string, readonly StoredMessage[] | null>();

  constructor(store: HistoryStore, options: HistoryOptions) {
    this.store = store;
    this.options = options;
  }

  /** Drops every cached plaintext (on lock). */
  forget(): void {
    this.owner = null;
    this.stateCache = null;
    this.dirs.clear();
    this.tags.clear();
    this.open.clear();
  }

  private own(k: HistoryKeys): void {
    if (this.owner !== k) {
      this.forget();
      this.owner = k;
    }
  }

  private tag(k: HistoryKeys, ref: string): string {
    let tag = this.tags.get(ref);
    if (tag === undefined) {
      tag = chatTag(k.indexKey, ref);
      this.tags.set(ref, tag);
    }
    return tag;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  async state(k: HistoryKeys): Promise<HistoryState> {
    this.own(k);
    if (this.stateCache) return this.stateCache;
    const raw = (await this.store.get([STATE_KEY])).get(STATE_KEY);
    let state = EMPTY_STATE;
    if (raw) {
      const plain = openRecord(k.keys, STATE_KEY, raw);
      try {
        if (!plain) throw new CodecError('unopened');
        state = decodeState(plain);
      } catch {
        state = await this.rebuiltState(k);
      }
    }
    if (this.owner === k) this.stateCache = state;
    return state;
  }

  /**
   * A state record that cannot be opened is rebuilt from the directories: ids continue after the
   * highest one, and since the epochs used are lost, no CLM send goes below ten minutes from now
   * (a burst never runs that far ahead of the clock).
   */
  private async rebuiltState(k: HistoryKeys): Promise<HistoryState> {
    const keys = (await this.store.keys()).filter((key) => key.startsWith('d/'));
    let last = 0;
    for (const [key, raw] of await this.store.get(keys)) {
      const plain = openRecord(k.keys, key, raw);
      let dir: Directory;
      try {
        if (!plain) throw new CodecError('unopened');
        dir = decodeDirectory(plain);
      } catch {
        dir = await this.rebuiltDirectory(k, key.slice(2));
      }
      for (const b of dir.buckets) last = Math.max(last, b.lastId);
    }
    return { ...EMPTY_STATE, nextId: last + 1, hwmFloor: Math.floor(this.options.now() / 1000) + 600 };
  }

  /** The directories of `refs` (empty for a chat with no message yet), read in one go. */
  async directories(k: HistoryKeys, refs: readonly string[]): Promise<ReadonlyMap<string, Directory>> {
    this.own(k);
    const missing = refs.filter((ref) => !this.dirs.has(ref));
    if (missing.length > 0) {
      const raw = await this.store.get(missing.map((ref) => directoryKey(this.tag(k, ref))));
      for (const ref of missing) {
        const key = directoryKey(this.tag(k, ref));
        const record = raw.get(key);
        let dir = EMPTY_DIRECTORY;
        if (record) {
          const plain = openRecord(k.keys, key, record);
          try {
            if (!plain) throw new CodecError('unopened');
            dir = decodeDirectory(plain);
          } catch {
            dir = await this.rebuiltDirectory(k, this.tag(k, ref));
          }
        }
        if (this.owner === k) this.dirs.set(ref, dir);
      }
    }
    return new Map(refs.map((ref) => [ref, this.dirs.get(ref) ?? EMPTY_DIRECTORY]));
  }

  /** A directory that cannot be opened is rebuilt from the chat's buckets that can. */
  private async rebuiltDirectory(k: HistoryKeys, tag: string): Promise<Directory> {
    const prefix = `b/${tag}/`;
    const keys = (await this.store.keys()).filter((key) => key.startsWith(prefix));
    const buckets: BucketEntry[] = [];
    let next = 0;
    for (const [key, raw] of await this.store.get(keys)) {
      const no = Number(key.slice(prefix.length));
      next = Math.max(next, no + 1);
      const plain = openRecord(k.keys, key, raw);
      try {
        if (!plain) continue;
        const messages = decodeBucket(plain);
        if (messages.length > 0) buckets.push(summarize(no, messages));
      } catch {
        // left out: what cannot be read cannot be listed
      }
    }
    return { next, buckets: buckets.sort((a, b) => a.no - b.no) };
  }

  private async directory(k: HistoryKeys, ref: string): Promise<Directory> {
    return (await this.directories(k, [ref])).get(ref) ?? EMPTY_DIRECTORY;
  }

  /** The messages of some buckets of one chat (null for a bucket that cannot be opened). */
  private async buckets(k: HistoryKeys, ref: string, entries: readonly BucketEntry[]): Promise<Map<number, readonly StoredMessage[] | null>> {
    this.own(k);
    const tag = this.tag(k, ref);
    const out = new Map<number, readonly StoredMessage[] | null>();
    const missing: BucketEntry[] = [];
    for (const e of entries) {
      const key = bucketKey(tag, e.no);
      const cached = this.open.get(key);
      if (cached === undefined) missing.push(e);
      else {
        this.open.delete(key);
        this.open.set(key, cached); // most recently used last
        out.set(e.no, cached);
      }
    }
    if (missing.length > 0) {
      const raw = await this.store.get(missing.map((e) => bucketKey(tag, e.no)));
      for (const e of missing) {
        const key = bucketKey(tag, e.no);
        const record = raw.get(key);
        const plain = record && openRecord(k.keys, key, record);
        let messages: readonly StoredMessage[] | null = null;
        try {
          if (plain) messages = decodeBucket(plain);
        } catch {
          messages = null;
        }
        out.set(e.no, messages);
        this.remember(k, key, messages);
      }
    }
    return out;
  }

  private remember(k: HistoryKeys, key: string, messages: readonly StoredMessage[] | null): void {
    if (this.owner !== k) return;
    this.open.delete(key);
    this.open.set(key, messages);
    while (this.open.size > MAX_OPEN_BUCKETS) {
      const oldest = this.open.keys().next().value;
      if (oldest === undefined) break;
      this.open.delete(oldest);
    }
  }

  /** Live and trashed counts and the newest live epoch of a chat, from its directory alone. */
  static summary(dir: Directory): { live: number; trashed: number; lastEpoch: number | null } {
    let live = 0;
    let trashed = 0;
    let lastEpoch: number | null = null;
    for (const b of dir.buckets) {
      live += b.live;
      trashed += b.trashed;
      if (b.lastLiveEpoch !== null && (lastEpoch === null || b.lastLiveEpoch > lastEpoch)) lastEpoch = b.lastLiveEpoch;
    }
    return { live, trashed, lastEpoch };
  }

  /**
   * A page of messages of `refs`, in epoch order. Without a query, buckets are opened from the
   * end the order starts at, and only until no other bucket can hold a message of the page.
   * With a query every bucket of `refs` is read, a few at a time between pauses.
   */
  async page(k: HistoryKeys, refs: readonly string[], q: PageQuery): Promise<Page> {
    const dirs = await this.directories(k, refs);
    const wanted = (m: StoredMessage) => (m.trashedAt !== null) === q.trashed;
    const candidates: { ref: string; entry: BucketEntry }[] = [];
    let total = 0;
    for (const [ref, dir] of dirs) {
      for (const entry of dir.buckets) {
        const count = q.trashed ? entry.trashed : entry.live;
        if (count === 0) continue;
        candidates.push({ ref, entry });
        total += count;
      }
    }
    const newest = q.order === 'newest-first';
    const rank = (a: StoredMessage, b: StoredMessage) => (newest ? byEpoch(b, a) : byEpoch(a, b));
    const need = q.offset + q.limit;
    let found: Located[] = [];
    let damaged = 0;
    if (q.query === undefined) {
      candidates.sort((a, b) => (newest ? b.entry.maxEpoch - a.entry.maxEpoch : a.entry.minEpoch - b.entry.minEpoch));
      for (const { ref, entry } of candidates) {
        const kth = found.length >= need ? found[need - 1]?.message : undefined;
        if (kth && (newest ? entry.maxEpoch < kth.epoch : entry.minEpoch > kth.epoch)) break;
        const messages = (await this.buckets(k, ref, [entry])).get(entry.no);
        if (!messages) {
          damaged += q.trashed ? entry.trashed : entry.live;
          continue;
        }
        for (const message of messages) if (wanted(message)) found.push({ ref, message });
        found.sort((a, b) => rank(a.message, b.message));
        if (found.length > need) found = found.slice(0, need);
      }
      return { total: total - damaged, items: found.slice(q.offset, need), damaged };
    }
    const needle = q.query;
    let step = 0;
    for (const { ref, entry } of candidates) {
      if (++step % STEP_BUCKETS === 0) {
        await this.options.pause();
        this.options.assertCurrent(k);
      }
      const messages = (await this.buckets(k, ref, [entry])).get(entry.no);
      if (!messages) {
        damaged += q.trashed ? entry.trashed : entry.live;
        continue;
      }
      for (const message of messages) {
        if (wanted(message) && `${message.sender}: ${message.text}`.toLowerCase().includes(needle)) found.push({ ref, message });
      }
    }
    found.sort((a, b) => rank(a.message, b.message));
    return { total: found.length, items: found.slice(q.offset, need), damaged };
  }

  /** The message with this id, if one of `refs` has it. */
  async find(k: HistoryKeys, refs: readonly string[], id: number): Promise<Located | undefined> {
    for (const [ref, dir] of await this.directories(k, refs)) {
      const entries = dir.buckets.filter((b) => b.firstId <= id && id <= b.lastId);
      for (const messages of (await this.buckets(k, ref, entries)).values()) {
        const message = messages?.find((m) => m.id === id);
        if (message) return { ref, message };
      }
    }
    return undefined;
  }

  /** A message of chat `ref` at second `epoch` that `same` accepts (the same pointer, say). */
  async findAt(k: HistoryKeys, ref: string, epoch: number, same: (m: StoredMessage) => boolean): Promise<StoredMessage | undefined> {
    const dir = await this.directory(k, ref);
    const entries = dir.buckets.filter((b) => b.minEpoch <= epoch && epoch <= b.maxEpoch);
    for (const messages of (await this.buckets(k, ref, entries)).values()) {
      const hit = messages?.find((m) => m.epoch === epoch && same(m));
      if (hit) return hit;
    }
    return undefined;
  }

  /** Every message of chat `ref`, in id order (for moving, backup and tests), skipping damage. */
  async all(k: HistoryKeys, ref: string): Promise<StoredMessage[]> {
    const dir = await this.directory(k, ref);
    const out: StoredMessage[] = [];
    for (let i = 0; i < dir.buckets.length; i += STEP_BUCKETS) {
      if (i > 0) {
        await this.options.pause();
        this.options.assertCurrent(k);
      }
      for (const messages of (await this.buckets(k, ref, dir.buckets.slice(i, i + STEP_BUCKETS))).values()) out.push(...(messages ?? []));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /**
   * Seals and writes records in one transaction, then (only then) updates the caches.
   * @throws {VaultError} `locked` if the session changed meanwhile; `storage-full` /
   *   `storage-failed`, with nothing written
   */
  private async commit(
    k: HistoryKeys,
    change: { buckets: Map<string, readonly StoredMessage[] | null>; dirs: Map<string, Directory | null>; state?: HistoryState },
  ): Promise<void> {
    const key = k.keys.get(k.current);
    if (!key) throw new VaultError('corrupt-storage', 'The current history key is missing.');
    const puts = new Map<string, Uint8Array>();
    const deletes: string[] = [];
    for (const [recordKey, messages] of change.buckets) {
      if (messages === null || messages.length === 0) deletes.push(recordKey);
      else puts.set(recordKey, sealRecord(key, k.current, recordKey, encodeBucket(messages), this.options.random));
    }
    for (const [ref, dir] of change.dirs) {
      const recordKey = directoryKey(this.tag(k, ref));
      if (dir === null) deletes.push(recordKey);
      else puts.set(recordKey, sealRecord(key, k.current, recordKey, encodeDirectory(dir), this.options.random));
    }
    if (change.state) puts.set(STATE_KEY, sealRecord(key, k.current, STATE_KEY, encodeState(change.state), this.options.random));
    this.options.assertCurrent(k);
    try {
      await this.store.write(puts, deletes);
    } catch (error) {
      throw storageFailure(error);
    }
    if (this.owner !== k) return;
    for (const [recordKey, messages] of change.buckets) {
      if (messages === null || messages.length === 0) this.open.delete(recordKey);
      else this.remember(k, recordKey, messages);
    }
    for (const [ref, dir] of change.dirs) {
      if (dir === null) this.dirs.delete(ref);
      else this.dirs.set(ref, dir);
    }
    if (change.state) this.stateCache = change.state;
  }

  /**
   * Appends messages (ids given here, in order) to the end of their chats, with the state as
   * `nextState` makes it, in one write. A last bucket that is full or damaged is not touched: a
   * new one is started.
   * @returns the messages as stored, with their ids
   */
  async append(
    k: HistoryKeys,
    batches: readonly { readonly ref: string; readonly messages: readonly NewMessage[] }[],
    nextState: (state: HistoryState) => HistoryState = (s) => s,
  ): Promise<Located[]> {
    const state = await this.state(k);
    let nextId = state.nextId;
    const buckets = new Map<string, readonly StoredMessage[] | null>();
    const dirs = new Map<string, Directory>();
    const added: Located[] = [];
    for (const { ref, messages } of batches) {
      if (messages.length === 0) continue;
      const dir = dirs.get(ref) ?? (await this.directory(k, ref));
      const entries = [...dir.buckets];
      let next = dir.next;
      const last = entries.at(-1);
      let current: StoredMessage[] = [];
      let no = next;
      if (last && last.live + last.trashed < BUCKET_SIZE) {
        const open = buckets.get(bucketKey(this.tag(k, ref), last.no)) ?? (await this.buckets(k, ref, [last])).get(last.no);
        if (open) {
          current = [...open];
          no = last.no;
          entries.pop();
        }
      }
      if (no === next) next++;
      for (const m of messages) {
        if (current.length === BUCKET_SIZE) {
          buckets.set(bucketKey(this.tag(k, ref), no), current);
          entries.push(summarize(no, current));
          current = [];
          no = next++;
        }
        const message: StoredMessage = { ...m, id: m.id ?? nextId };
        nextId = Math.max(nextId, message.id + 1);
        current.push(message);
        added.push({ ref, message });
      }
      buckets.set(bucketKey(this.tag(k, ref), no), current);
      entries.push(summarize(no, current));
      dirs.set(ref, { next, buckets: entries });
    }
    await this.commit(k, { buckets, dirs, state: nextState({ ...state, nextId }) });
    return added;
  }

  /**
   * Changes or (with null) deletes the message `id` of one of `refs`.
   * @returns the message after the change, or undefined if no such message exists
   * @throws {VaultError} `corrupt-storage` if its bucket cannot be opened
   */
  async update(k: HistoryKeys, refs: readonly string[], id: number, change: (m: StoredMessage) => StoredMessage | null): Promise<{ before: Located; after: StoredMessage | null } | undefined> {
    const before = await this.find(k, refs, id);
    if (!before) return undefined;
    const after = change(before.message);
    await this.rewrite(k, before.ref, (b) => b.firstId <= id && id <= b.lastId, (m) => (m.id === id ? after : m));
    return { before, after };
  }

  /**
   * Rewrites the buckets of `ref` that `mayHold` selects, each message through `change` (null
   * deletes it), in one write.
   * @returns how many messages were deleted
   * @throws {VaultError} `corrupt-storage` if a selected bucket cannot be opened (nothing written)
   */
  async rewrite(
    k: HistoryKeys,
    ref: string,
    mayHold: (entry: BucketEntry) => boolean,
    change: (m: StoredMessage) => StoredMessage | null,
  ): Promise<number> {
    const dir = await this.directory(k, ref);
    const selected = dir.buckets.filter(mayHold);
    const opened = await this.buckets(k, ref, selected);
    const buckets = new Map<string, readonly StoredMessage[] | null>();
    const entries = new Map(dir.buckets.map((b) => [b.no, b] as const));
    let deleted = 0;
    for (const entry of selected) {
      const messages = opened.get(entry.no);
      if (!messages) throw damagedStore();
      const kept: StoredMessage[] = [];
      let changed = false;
      for (const m of messages) {
        const next = change(m);
        if (next !== m) changed = true;
        if (next === null) deleted++;
        else kept.push(next);
      }
      if (!changed) continue;
      buckets.set(bucketKey(this.tag(k, ref), entry.no), kept);
      if (kept.length === 0) entries.delete(entry.no);
      else entries.set(entry.no, summarize(entry.no, kept));
    }
    if (buckets.size === 0) return 0;
    await this.commit(k, { buckets, dirs: new Map([[ref, { next: dir.next, buckets: [...entries.values()] }]]) });
    return deleted;
  }

  /** Deletes every record of the chats `refs`, and forgets the stranded ids in `strandedIds`. */
  async drop(k: HistoryKeys, refs: readonly string[], strandedIds: readonly string[] = []): Promise<number> {
    const buckets = new Map<string, null>();
    const dirs = new Map<string, null>();
    let removed = 0;
    for (const [ref, dir] of await this.directories(k, refs)) {
      for (const b of dir.buckets) {
        buckets.set(bucketKey(this.tag(k, ref), b.no), null);
        removed += b.live + b.trashed;
      }
      dirs.set(ref, null);
    }
    const state = await this.state(k);
    const gone = new Set(strandedIds);
    await this.commit(k, { buckets, dirs, state: { ...state, stranded: state.stranded.filter((id) => !gone.has(id)) } });
    return removed;
  }

  /**
   * Moves every message of chat `from` to the end of the (empty) chat `to`, ids kept, and
   * applies `nextState`, in one write.
   */
  async move(k: HistoryKeys, from: string, to: string, nextState: (s: HistoryState) => HistoryState): Promise<number> {
    const messages = await this.all(k, from);
    const target = await this.directory(k, to);
    if (target.buckets.length > 0) throw new VaultError('invalid-input', 'That chat already has messages.');
    const buckets = new Map<string, readonly StoredMessage[] | null>();
    const entries: BucketEntry[] = [];
    for (const b of (await this.directory(k, from)).buckets) buckets.set(bucketKey(this.tag(k, from), b.no), null);
    for (let i = 0, no = 0; i < messages.length; i += BUCKET_SIZE, no++) {
      const chunk = messages.slice(i, i + BUCKET_SIZE);
      buckets.set(bucketKey(this.tag(k, to), no), chunk);
      entries.push(summarize(no, chunk));
    }
    const state = await this.state(k);
    await this.commit(k, {
      buckets,
      dirs: new Map<string, Directory | null>([
        [from, null],
        [to, { next: entries.length, buckets: entries }],
      ]),
      state: nextState(state),
    });
    return messages.length;
  }

  /** Writes the state as `nextState` makes it (alone). */
  async updateState(k: HistoryKeys, nextState: (s: HistoryState) => HistoryState): Promise<HistoryState> {
    const state = nextState(await this.state(k));
    await this.commit(k, { buckets: new Map(), dirs: new Map(), state });
    return state;
  }

  /**
   * Re-seals, one record per write, every record not yet under generation `target` (after a
   * phrase change). Resumable: a stop anywhere leaves each record under one generation or the
   * other, both of which the next unlock can open. A record that cannot be opened stays as it is.
   */
  async resealAll(keys: ReadonlyMap<number, Uint8Array>, target: number, assertStillValid: () => void): Promise<void> {
    const key = keys.get(target);
    if (!key) throw new VaultError('corrupt-storage', 'A history key is missing.');
    const all = await this.store.keys();
    for (let i = 0; i < all.length; i += STEP_BUCKETS) {
      const batch = all.slice(i, i + STEP_BUCKETS);
      for (const [recordKey, raw] of await this.store.get(batch)) {
        const gen = recordGeneration(raw);
        if (gen === target) continue;
        const plain = openRecord(keys, recordKey, raw);
        if (!plain) continue;
        assertStillValid();
        try {
          await this.store.write(new Map([[recordKey, sealRecord(key, target, recordKey, plain, this.options.random)]]));
        } catch (error) {
          throw storageFailure(error);
        }
      }
      await this.options.pause();
    }
  }

  /** Deletes all history (the profile is being deleted). */
  async clear(): Promise<void> {
    this.forget();
    await this.store.clear();
  }
}
