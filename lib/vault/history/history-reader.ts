/**
 * Reading history: the caches of an unlock (state, directories, chat tags, opened buckets) and
 * every read — counts, pages, lookups by id or second, a whole chat. Writing is in
 * {@link ./history.ts}, which extends this class; the rules of both are described there.
 * @module
 */
import { VaultError } from '../errors.ts';
import type { RandomBytes } from '../keys.ts';
import { CodecError } from './codec.ts';
import { type BucketEntry, decodeDirectory, decodeState, type Directory, EMPTY_DIRECTORY, EMPTY_STATE, type HistoryState, summarize } from './directory.ts';
import { bucketKey, chatTag, decodeBucket, directoryKey, openRecord, STATE_KEY, type StoredMessage } from './records.ts';
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
export const STEP_BUCKETS = 24;

const byEpoch = (a: StoredMessage, b: StoredMessage) => a.epoch - b.epoch || a.id - b.id;

export const damagedStore = () =>
  new VaultError('corrupt-storage', 'Some stored messages are damaged and cannot be decrypted, so they were left untouched.');

export class HistoryReader {
  protected readonly store: HistoryStore;
  protected readonly options: HistoryOptions;
  /** Caches belong to one unlock: a new keys object (unlock, lock, phrase change) empties them. */
  protected owner: HistoryKeys | null = null;
  protected stateCache: HistoryState | null = null;
  protected readonly dirs = new Map<string, Directory>();
  protected readonly tags = new Map<string, string>();
  protected readonly open = new Map<string, readonly StoredMessage[] | null>();

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

  protected own(k: HistoryKeys): void {
    if (this.owner !== k) {
      this.forget();
      this.owner = k;
    }
  }

  protected tag(k: HistoryKeys, ref: string): string {
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
  protected async rebuiltState(k: HistoryKeys): Promise<HistoryState> {
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
  protected async rebuiltDirectory(k: HistoryKeys, tag: string): Promise<Directory> {
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

  protected async directory(k: HistoryKeys, ref: string): Promise<Directory> {
    return (await this.directories(k, [ref])).get(ref) ?? EMPTY_DIRECTORY;
  }

  /** The messages of some buckets of one chat (null for a bucket that cannot be opened). */
  protected async buckets(k: HistoryKeys, ref: string, entries: readonly BucketEntry[]): Promise<Map<number, readonly StoredMessage[] | null>> {
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

  protected remember(k: HistoryKeys, key: string, messages: readonly StoredMessage[] | null): void {
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
}
