/**
 * What history holds, and how each record is laid out in the history store:
 *
 * ```text
 * s                 the state: next message id, the epochs used per seed suffix, stranded chats
 * d/<chat tag>      a chat's directory: its buckets with their id and epoch ranges and counts
 * b/<chat tag>/<n>  bucket n of a chat: up to 64 messages, each with its text and pointer
 * ```
 *
 * Every value is a sealed record ({@link sealRecord}); nothing of a message is in the clear. The
 * chat tag is a MAC of the chat's serial number under the vault's index key, so whoever has the
 * disk can count records but cannot tell which chat they belong to or when a message was
 * written — nor match a published pointer to a record of this profile.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../../encoding/bytes.ts';
import { bytesToHex } from '../../encoding/hex.ts';
import type { RandomBytes } from '../keys.ts';
import { CodecError, Reader, Writer } from './codec.ts';

/** Messages per bucket: one AEAD operation and one small write per 64 messages. */
export const BUCKET_SIZE = 64;

export const STATE_KEY = 's';
export const directoryKey = (tag: string) => `d/${tag}`;
export const bucketKey = (tag: string, n: number) => `b/${tag}/${n}`;

/**
 * Which secret opened (or sealed) a message: 0 the profile phrase, k ≥ 1 the chat's k-th phrase
 * of its own, {@link VIA_UNKNOWN} for messages saved before this was recorded.
 */
export type Via = number;
export const VIA_PROFILE = 0;
export const VIA_UNKNOWN = 255;

export type MessageFormat = 'clm' | 'sealed' | 'sealed2';

/** A message as history keeps it. */
export interface StoredMessage {
  readonly id: number;
  readonly kind: 'sent' | 'received';
  /** The second the pointer names. */
  readonly epoch: number;
  /** When this browser saved it (ms). */
  readonly savedAt: number;
  readonly trashedAt: number | null;
  readonly format: MessageFormat;
  readonly via: Via;
  /** The chat id the pointer names (`c`), which may differ from the chat's id here. */
  readonly wireId: string;
  readonly sender: string;
  readonly text: string;
  /** The pointer's bytes: for CLM 2.0.1 its ciphertext (`d`); for a sealed one, all of it. */
  readonly data: Uint8Array;
}

const FORMAT_CODES: Record<MessageFormat, number> = { clm: 0, sealed: 1, sealed2: 2 };
const FORMATS: readonly MessageFormat[] = ['clm', 'sealed', 'sealed2'];

/** A bucket's plaintext: its messages in id order. */
export function encodeBucket(messages: readonly StoredMessage[]): Uint8Array {
  const w = new Writer().byte(1).uint(messages.length);
  let previous = 0;
  for (const m of messages) {
    w.uint(m.id - previous);
    previous = m.id;
    w.byte((m.kind === 'received' ? 1 : 0) | (FORMAT_CODES[m.format] << 1) | (m.trashedAt !== null ? 8 : 0));
    w.byte(m.via);
    w.int(m.epoch).uint(m.savedAt);
    if (m.trashedAt !== null) w.uint(m.trashedAt);
    w.text(m.wireId).text(m.sender).text(m.text).bytes(m.data);
  }
  return w.finish();
}

/** @throws {CodecError} for anything that is not a bucket this code wrote */
export function decodeBucket(data: Uint8Array): StoredMessage[] {
  const r = new Reader(data);
  if (r.byte() !== 1) throw new CodecError('unknown bucket version');
  const count = r.uint();
  if (count > BUCKET_SIZE) throw new CodecError('too many messages');
  const out: StoredMessage[] = [];
  let id = 0;
  for (let i = 0; i < count; i++) {
    const step = r.uint();
    if (step < 1) throw new CodecError('ids out of order');
    id += step;
    const flags = r.byte();
    const format = FORMATS.at((flags >> 1) & 3);
    if (format === undefined || flags > 15) throw new CodecError('unknown flags');
    const via = r.byte();
    const epoch = r.int();
    const savedAt = r.uint();
    const trashedAt = flags & 8 ? r.uint() : null;
    out.push({
      id,
      kind: flags & 1 ? 'received' : 'sent',
      epoch,
      savedAt,
      trashedAt,
      format,
      via,
      wireId: r.text(),
      sender: r.text(),
      text: r.text(),
      data: r.bytes(),
    });
  }
  r.end();
  return out;
}

/** The chat tag: 8 bytes of HMAC-SHA256(index key, "clm-ext/v4/chat/" + ref), in hex. */
export function chatTag(indexKey: Uint8Array, ref: string): string {
  return bytesToHex(hmac(sha256, indexKey, utf8(`clm-ext/v4/chat/${ref}`)).subarray(0, 8));
}

// ---------------------------------------------------------------------------------------------
// Sealed records

const RECORD_VERSION = 1;
const NONCE = 24;
const HEAD = 1 + 4 + NONCE;
const recordAad = (key: string, gen: number) => utf8(`clm-ext/v4/${key}/${gen}`);

/**
 * Seals a record: `0x01 | generation (uint32 BE) | nonce (24) | XChaCha20-Poly1305(plain)`, with
 * the record's key and generation as associated data, so a record cannot be moved to another key.
 */
export function sealRecord(key: Uint8Array, gen: number, recordKey: string, plain: Uint8Array, random: RandomBytes): Uint8Array {
  const nonce = random(NONCE);
  const sealed = xchacha20poly1305(key, nonce, recordAad(recordKey, gen)).encrypt(plain);
  const out = new Uint8Array(HEAD + sealed.length);
  out[0] = RECORD_VERSION;
  new DataView(out.buffer).setUint32(1, gen, false);
  out.set(nonce, 5);
  out.set(sealed, HEAD);
  return out;
}

/** The key generation a sealed record was written under, or undefined if it is not one. */
export function recordGeneration(record: Uint8Array): number | undefined {
  if (record.length < HEAD + 16 || record[0] !== RECORD_VERSION) return undefined;
  return new DataView(record.buffer, record.byteOffset, record.byteLength).getUint32(1, false);
}

/** The plaintext of a sealed record, or undefined if no key of `keys` opens it here. */
export function openRecord(keys: ReadonlyMap<number, Uint8Array>, recordKey: string, record: Uint8Array): Uint8Array | undefined {
  const gen = recordGeneration(record);
  const key = gen === undefined ? undefined : keys.get(gen);
  if (gen === undefined || !key) return undefined;
  try {
    return xchacha20poly1305(key, record.subarray(5, HEAD), recordAad(recordKey, gen)).decrypt(record.subarray(HEAD));
  } catch {
    return undefined;
  }
}
