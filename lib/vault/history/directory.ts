/**
 * A chat's directory and the history state: the small sealed records that let every screen find
 * what it needs without opening all history (counts, last activity, which bucket holds an id or
 * a second), and the epochs already used per seed suffix.
 * @module
 */
import { fromUtf8, utf8 } from '../../encoding/bytes.ts';
import { arrayOf, integer, object, optional, recordOf, string } from '../../wire/validate.ts';
import { CodecError } from './codec.ts';
import type { StoredMessage } from './records.ts';

/** One bucket as its chat's directory describes it. */
export interface BucketEntry {
  readonly no: number;
  readonly firstId: number;
  readonly lastId: number;
  readonly minEpoch: number;
  readonly maxEpoch: number;
  /** Messages not in the trash. */
  readonly live: number;
  readonly trashed: number;
  /** The newest epoch among the live messages, or null. */
  readonly lastLiveEpoch: number | null;
}

export interface Directory {
  /** The next bucket number. */
  readonly next: number;
  /** In bucket order, which is id order. */
  readonly buckets: readonly BucketEntry[];
}

export const EMPTY_DIRECTORY: Directory = { next: 0, buckets: [] };

export interface HistoryState {
  readonly nextId: number;
  /**
   * The highest epoch used, per seed suffix, by a CLM 2.0.1 pointer this profile made (or
   * received, near the clock). It only ever grows: a delete never frees a second that a
   * published pointer used, so no keystream is used twice.
   */
  readonly hwm: Readonly<Record<string, number>>;
  /** No send in any CLM chat goes at or below this epoch (set when the state had to be rebuilt). */
  readonly hwmFloor: number;
  /** Chat ids of pointers discovered for no chat of this profile (CLM reads them as `chat_<id>`). */
  readonly stranded: readonly string[];
  /** Last legacy bucket moved in from `storage.local` (schema 3), while that migration runs. */
  readonly migratedThrough?: number;
}

export const EMPTY_STATE: HistoryState = { nextId: 1, hwm: {}, hwmFloor: 0, stranded: [] };

const epoch = integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
const id = integer(1, Number.MAX_SAFE_INTEGER);
const checkDirectory = object({
  next: integer(0, Number.MAX_SAFE_INTEGER),
  buckets: arrayOf(arrayOf(integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), 8), 10_000_000),
});
const checkState = object({
  nextId: id,
  hwm: recordOf(epoch, 1_000_000),
  hwmFloor: epoch,
  stranded: arrayOf(string({ min: 1, max: 256 }), 100_000),
  migratedThrough: optional(integer(-1, Number.MAX_SAFE_INTEGER)),
});

/** The counts and ranges of a bucket holding `messages` (in id order; at least one). */
export function summarize(no: number, messages: readonly StoredMessage[]): BucketEntry {
  let minEpoch = Infinity;
  let maxEpoch = -Infinity;
  let live = 0;
  let lastLiveEpoch: number | null = null;
  for (const m of messages) {
    if (m.epoch < minEpoch) minEpoch = m.epoch;
    if (m.epoch > maxEpoch) maxEpoch = m.epoch;
    if (m.trashedAt === null) {
      live++;
      if (lastLiveEpoch === null || m.epoch > lastLiveEpoch) lastLiveEpoch = m.epoch;
    }
  }
  return {
    no,
    firstId: messages[0]?.id ?? 0,
    lastId: messages.at(-1)?.id ?? 0,
    minEpoch,
    maxEpoch,
    live,
    trashed: messages.length - live,
    lastLiveEpoch,
  };
}

export function encodeDirectory(dir: Directory): Uint8Array {
  return utf8(
    JSON.stringify({
      next: dir.next,
      buckets: dir.buckets.map((b) => [b.no, b.firstId, b.lastId, b.minEpoch, b.maxEpoch, b.live, b.trashed, b.lastLiveEpoch ?? Number.MIN_SAFE_INTEGER]),
    }),
  );
}

/** @throws {CodecError} */
export function decodeDirectory(data: Uint8Array): Directory {
  try {
    const raw = checkDirectory(JSON.parse(fromUtf8(data)), 'directory');
    return {
      next: raw.next,
      buckets: raw.buckets.map((v) => {
        if (v.length !== 8) throw new CodecError('bad bucket entry');
        const [no, firstId, lastId, minEpoch, maxEpoch, live, trashed, last] = v as [number, number, number, number, number, number, number, number];
        return { no, firstId, lastId, minEpoch, maxEpoch, live, trashed, lastLiveEpoch: last === Number.MIN_SAFE_INTEGER ? null : last };
      }),
    };
  } catch (error) {
    throw error instanceof CodecError ? error : new CodecError('not a directory');
  }
}

export function encodeState(state: HistoryState): Uint8Array {
  return utf8(JSON.stringify(state));
}

/** @throws {CodecError} */
export function decodeState(data: Uint8Array): HistoryState {
  try {
    const { migratedThrough, ...raw } = checkState(JSON.parse(fromUtf8(data)), 'state');
    return { ...raw, ...(migratedThrough !== undefined && { migratedThrough }) };
  } catch {
    throw new CodecError('not a history state');
  }
}
