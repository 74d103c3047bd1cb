/**
 * Backup and restore: one file holding the profile, its settings, every chat with its own
 * phrases, and all history — encrypted under a key stretched from the profile phrase with a random
 * salt (scrypt, as the vault's own verifier), authenticated, versioned. Specified in
 * docs/PROTOCOL.md ("Backup file"), so that another tool can read it.
 *
 * Restoring reads and checks the whole file before anything is written: a wrong phrase, a
 * damaged or cut-off file, or one of a newer version changes nothing. Into a new browser it makes
 * the profile; into an existing one it merges, without duplicates.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../encoding/bytes.ts';
import { MAX_POINTER_CHARS } from '../clm/errors.ts';
import { AUTO_LOCK_CHOICES, CHAT_FORMATS, LIMITS, PHRASE_KINDS } from '../wire/limits.ts';
import { arrayOf, boolean, type Checked, integer, nullable, object, oneOf, optional, recordOf, string, ValidationError } from '../wire/validate.ts';
import { checkChatSecretEntry, checkContact, checkIdentities } from './schema.ts';
import { VaultError } from './errors.ts';
import { type StopCheck, stretch } from './keys.ts';

export const BACKUP_FORMAT = 'clm-extension-backup';
export const BACKUP_VERSION = 1;
const INFO = utf8('clm-ext/backup/v1');
/** The heaviest scrypt a backup may ask of a restore (a file must not make the worker work for hours). */
const MAX_N = 2 ** 20;

const b64 = string({ max: 100_000_000 });
const kdf = object({ name: oneOf('scrypt'), N: integer(2 ** 10, MAX_N), r: integer(1, 32), p: integer(1, 16), salt: string({ min: 1, max: 200 }) });
export type BackupKdf = Checked<typeof kdf>;
const envelope = object({ format: oneOf(BACKUP_FORMAT), version: integer(1, 1_000_000), kdf, cipher: oneOf('xchacha20poly1305'), nonce: string({ max: 100 }), ciphertext: b64 });

const message = object({
  kind: oneOf('sent', 'received'),
  epoch: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  savedAt: integer(0, Number.MAX_SAFE_INTEGER),
  trashedAt: nullable(integer(0, Number.MAX_SAFE_INTEGER)),
  format: oneOf(...CHAT_FORMATS),
  via: integer(0, 255),
  /** As the pointer names it: CLM lets a chat id be anything a pointer carries (empty, long). */
  wireId: string({ max: MAX_POINTER_CHARS }),
  sender: string({ max: 1_000_000 }),
  text: string({ max: 1_000_000 }),
  data: b64,
});
export type BackupMessage = Checked<typeof message>;

export const checkBackupBody = object({
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  profile: object({ username: string({ min: 1, max: LIMITS.username }), createdAt: integer(0, Number.MAX_SAFE_INTEGER) }),
  settings: object({ autoLockMinutes: oneOf(...AUTO_LOCK_CHOICES), chatNamesWhenLocked: boolean }),
  chats: arrayOf(
    object({
      id: string({ min: 1, max: LIMITS.chatId }),
      clmId: string({ min: 1, max: LIMITS.chatId }),
      name: string({ min: 1, max: LIMITS.chatName }),
      seedSuffix: string({ max: LIMITS.seedSuffix }),
      format: oneOf(...CHAT_FORMATS),
      phrase: oneOf(...PHRASE_KINDS),
      createdAt: integer(0, Number.MAX_SAFE_INTEGER),
      /** The chat's own phrases and their periods (see schema.ts), or null for the profile's. */
      secrets: nullable(checkChatSecretEntry),
      /** A contact chat's public keys (see schema.ts); absent for other chats. */
      contact: optional(checkContact),
      messages: arrayOf(message, 10_000_000),
    }),
    LIMITS.chats,
  ),
  stranded: arrayOf(object({ wireId: string({ max: MAX_POINTER_CHARS }), messages: arrayOf(message, 10_000_000) }), 100_000),
  /** Epochs used per seed suffix (so a restored profile never reuses a keystream). */
  hwm: recordOf(integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), 1_000_000),
  /** No send takes an epoch at or below this (set when a history was found damaged). */
  hwmFloor: integer(0, Number.MAX_SAFE_INTEGER),
  /** The identity key pairs of contact cards (absent: the profile had none yet). */
  identity: optional(checkIdentities),
});
export type BackupBody = Checked<typeof checkBackupBody>;

/**
 * The most a backup's key stretching may ask of a restore: scrypt's memory is 128·N·r bytes and its
 * work grows with N·r·p. The extension writes N = 2^16, r = 8, p = 1; a file may ask up to 16 times
 * that work and 1 GiB, no more (a file must not make the worker work for hours, or run out of memory).
 */
const MAX_KDF_MEMORY = 2 ** 30;
const MAX_KDF_WORK = 2 ** 20 * 8;

const aadOf = (k: BackupKdf) => utf8(`${BACKUP_FORMAT}/${BACKUP_VERSION}/${JSON.stringify([k.name, k.N, k.r, k.p, k.salt])}`);

async function keyOf(phrase: string, k: BackupKdf, stop: StopCheck | undefined): Promise<Uint8Array> {
  const stretched = await stretch(utf8(phrase), fromBase64(k.salt), k, 2 ** 31, stop);
  const key = hkdf(sha256, stretched, undefined, INFO, 32);
  stretched.fill(0);
  return key;
}

/** What a backup may unpack to: far beyond any profile's history, short of exhausting the worker. */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const reader = new Blob([new Uint8Array(data)]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > MAX_UNPACKED_BYTES) {
      await reader.cancel();
      throw new VaultError('invalid-input', 'This backup unpacks to more than 1 GiB, more than any profile holds: it is not a backup of this extension. Nothing was changed.');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Seals a backup body under `phrase`: the file's text. */
export async function sealBackup(body: BackupBody, phrase: string, cost: { N: number; r: number; p: number }, random: (n: number) => Uint8Array, stop?: StopCheck): Promise<string> {
  const k: BackupKdf = { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: toBase64(random(16)) };
  const key = await keyOf(phrase, k, stop);
  const nonce = random(24);
  const plain = await pipe(utf8(JSON.stringify(body)), new CompressionStream('gzip'));
  const ciphertext = xchacha20poly1305(key, nonce, aadOf(k)).encrypt(plain);
  key.fill(0);
  return JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, kdf: k, cipher: 'xchacha20poly1305', nonce: toBase64(nonce), ciphertext: toBase64(ciphertext) });
}

const notABackup = (why: string) => new VaultError('invalid-input', `This file is not a backup of this extension, or it is damaged: ${why}. Nothing was changed.`);

/**
 * Opens a backup file with `phrase`, checking everything before returning.
 * @throws {VaultError} `invalid-input` (not a backup, damaged, cut off), `unsupported-version`
 *   (made by a newer version), `phrase-mismatch` (the phrase does not open it); whatever `stop`
 *   throws during the key stretch (a file may ask seconds of it)
 */
export async function openBackup(file: string, phrase: string, stop?: StopCheck): Promise<BackupBody> {
  let raw: unknown;
  try {
    raw = JSON.parse(file);
  } catch {
    throw notABackup('it is not the JSON a backup is (cut off?)');
  }
  if (typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === BACKUP_FORMAT) {
    const version = (raw as { version?: unknown }).version;
    if (typeof version === 'number' && version > BACKUP_VERSION) {
      throw new VaultError('unsupported-version', `This backup was made by a newer version of the extension (format ${version}). Update the extension to restore it. Nothing was changed.`);
    }
  }
  let env;
  try {
    env = envelope(raw, 'backup');
  } catch (error) {
    throw notABackup(error instanceof ValidationError ? error.message : 'its fields are wrong');
  }
  if (128 * env.kdf.N * env.kdf.r > MAX_KDF_MEMORY || env.kdf.N * env.kdf.r * env.kdf.p > MAX_KDF_WORK) {
    throw notABackup('its key stretching asks for more memory or work than a backup of this extension ever does');
  }
  let nonce: Uint8Array;
  let ciphertext: Uint8Array;
  try {
    nonce = fromBase64(env.nonce);
    ciphertext = fromBase64(env.ciphertext);
    fromBase64(env.kdf.salt);
  } catch {
    throw notABackup('its data is not base64');
  }
  if (nonce.length !== 24) throw notABackup('its nonce has the wrong length');
  const key = await keyOf(phrase, env.kdf, stop);
  let plain: Uint8Array;
  try {
    plain = xchacha20poly1305(key, nonce, aadOf(env.kdf)).decrypt(ciphertext);
  } catch {
    throw new VaultError('phrase-mismatch', 'This phrase does not open the backup (or the file was altered). Give the profile phrase it was made with. Nothing was changed.');
  } finally {
    key.fill(0);
  }
  try {
    return checkBackupBody(JSON.parse(fromUtf8(await pipe(plain, new DecompressionStream('gzip')))), 'backup');
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw notABackup(error instanceof ValidationError ? error.message : 'its content cannot be read');
  }
}
