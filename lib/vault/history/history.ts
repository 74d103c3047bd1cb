/**
 * History: every message, sealed in buckets per chat, found through small sealed directories.
 * Nothing here reads all history on a hot path: counts and last activity come from the
 * directories, a page of a chat opens the one or two buckets that hold it, an id or a second is
 * looked up in the directory first. Only a text search opens every bucket — in steps, so the
 * worker keeps answering (a Lock acts between two steps). Reads are in
 * {@link ./history-reader.ts}; this file adds the writes.
 *
 * Every change is one all-or-nothing write of the records it touches (buckets, directories,
 * state), made after the new records are fully computed; the caches change only once the write
 * succeeded. A stop between any two writes therefore loses nothing.
 * @module
 */
import { VaultError } from '../errors.ts';
import { storageFailure } from '../storage-errors.ts';
import { type BucketEntry, type Directory, encodeDirectory, encodeState, type HistoryState, summarize } from './directory.ts';
import { BUCKET_SIZE, bucketKey, directoryKey, encodeBucket, openRecord, recordGeneration, sealRecord, STATE_KEY, type StoredMessage } from './records.ts';
import { damagedStore, HistoryReader, type HistoryKeys, type Located, type NewMessage, STEP_BUCKETS } from './history-reader.ts';

export type { HistoryKeys, HistoryOptions, Located, NewMessage, Page, PageQuery } from './history-reader.ts';

/** History, read and written: see {@link HistoryReader} for what reads cost. */
export class History extends HistoryReader {
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
