/**
 * Everything the extension keeps, defined once: the storage keys, the shape of every record,
 * the schema version and the migrations between versions. Records are checked when read, so a
 * damaged or hand-edited store is reported instead of half-used.
 *
 * `storage.local` (on disk) holds only: the profile (username, KDF parameters, the slow
 * verifier, wrapped history keys, the CLM public key sealed under the history key), chats (names
 * and seed suffixes are not secret: CLM shows them before login), settings, the unlock-failure
 * counter, and messages whose text, sender and pointer are sealed. Never a phrase or a plaintext.
 *
 * `storage.session` (memory only) holds the unlocked session.
 * @module
 */
import {
  arrayOf,
  type Checked,
  integer,
  nullable,
  object,
  oneOf,
  optional,
  recordOf,
  string,
} from '../validate.ts';

/** The version of the layout below. Raise it with a migration whenever a record changes. */
export const SCHEMA_VERSION = 3;

/** Messages are stored in buckets of this many consecutive ids: one small write per message. */
export const MESSAGES_PER_BUCKET = 64;

/** Every `storage.local` key the extension uses. */
export const LOCAL_KEYS = {
  schema: 'schema',
  profile: 'profile',
  catalog: 'catalog',
  settings: 'settings',
  throttle: 'unlockThrottle',
  chatPhrases: 'chatPhrases',
  bucketPrefix: 'messages/',
} as const;

/** The storage key of the bucket holding message `id`. */
export function bucketKey(id: number): string {
  return `${LOCAL_KEYS.bucketPrefix}${Math.floor(id / MESSAGES_PER_BUCKET)}`;
}

/** Every `storage.session` key the extension uses. */
export const SESSION_KEYS = { session: 'session' } as const;

export const AUTO_LOCK_CHOICES = [0, 1, 5, 15, 60] as const;
/** Minutes of inactivity before the vault locks itself; 0 means never. */
export type AutoLockMinutes = (typeof AUTO_LOCK_CHOICES)[number];

export const LIMITS = {
  username: 64,
  phrase: 1024,
  chatName: 80,
  seedSuffix: 200,
  chatId: 256,
  chats: 1000,
  /** Text search query. */
  query: 200,
} as const;

const base64 = string({ max: 1_000_000 });
const kdfParams = object({
  name: oneOf('scrypt'),
  N: integer(2 ** 10, 2 ** 22),
  r: integer(1, 32),
  p: integer(1, 16),
  salt: base64,
});

const pendingChange = object({
  kdf: kdfParams,
  verifier: base64,
  generation: integer(1, 2 ** 31),
  wrapped: recordOf(base64, 1000),
  sealedClmPublicKey: base64,
});

export const checkSchema = object({ version: integer(1, 1000) });

export const checkProfile = object({
  username: string({ min: 1, max: LIMITS.username }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  kdf: kdfParams,
  verifier: base64,
  /** History key generations wrapped under the wrap key of `verifier`'s phrase; `current` encrypts new records. */
  historyKeys: object({ current: integer(1, 2 ** 31), wrapped: recordOf(base64, 1000) }),
  sealedClmPublicKey: base64,
  /** Set while a phrase change is being applied (see vault.ts, changePhrase). */
  pendingChange: optional(pendingChange),
});
export type ProfileRecord = Checked<typeof checkProfile>;
export type PendingPhraseChange = Checked<typeof pendingChange>;

export const CHAT_FORMATS = ['clm', 'sealed'] as const;
/** How a chat's messages are sent: CLM 2.0.1's pointers, or sealed ones (docs/PROTOCOL.md). */
export type ChatFormat = (typeof CHAT_FORMATS)[number];

const chat = object({
  id: string({ min: 1, max: LIMITS.chatId }),
  name: string({ min: 1, max: LIMITS.chatName }),
  seedSuffix: string({ max: LIMITS.seedSuffix }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  format: oneOf(...CHAT_FORMATS),
  /** Which phrase encrypts the chat: the profile's, or one only its members know (sealed apart). */
  phrase: oneOf('master', 'own'),
  /**
   * The chat's id in pointers, when it differs from ours (a chat added from an invite whose id
   * was taken here). Absent: the same.
   */
  wireId: optional(string({ min: 1, max: LIMITS.chatId })),
});
export type ChatRecord = Checked<typeof chat>;

export const checkCatalog = object({
  chats: arrayOf(chat, LIMITS.chats),
  nextMessageId: integer(1, Number.MAX_SAFE_INTEGER),
});
export type CatalogRecord = Checked<typeof checkCatalog>;

export const checkSettings = object({ autoLockMinutes: oneOf(...AUTO_LOCK_CHOICES) });
export type SettingsRecord = Checked<typeof checkSettings>;
export const DEFAULT_SETTINGS: SettingsRecord = { autoLockMinutes: 15 };

/**
 * The phrases of chats that have their own: sealed under the history key (their box holds JSON
 * `{ chatId: [phrase, …] }`, oldest first, the last one in use), so they are never on disk in the
 * clear, and a chat whose phrase changed can still read what came under the old one.
 */
export const checkChatPhrases = object({ gen: integer(1, 2 ** 31), box: base64 });
export type ChatPhrasesRecord = Checked<typeof checkChatPhrases>;
export const checkChatPhrasesSecret = recordOf(arrayOf(string({ min: 1, max: LIMITS.phrase }), 100), LIMITS.chats);
export const chatPhrasesAad = (gen: number) => `clm-ext/v1/chat-phrases/${gen}`;

export const checkThrottle = object({
  failures: integer(0, Number.MAX_SAFE_INTEGER),
  /** No unlock attempt is checked before this time (ms since 1970). */
  notBefore: integer(0, Number.MAX_SAFE_INTEGER),
});
export type ThrottleRecord = Checked<typeof checkThrottle>;

/** A message's metadata, stored in the clear so that counts and order need no key. */
export const checkMessage = object({
  id: integer(1, Number.MAX_SAFE_INTEGER),
  chatId: string({ max: LIMITS.chatId }),
  kind: oneOf('sent', 'received'),
  /** CLM's epoch: the second the pointer names. */
  epoch: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  /** When this browser saved it (ms). */
  savedAt: integer(0, Number.MAX_SAFE_INTEGER),
  trashedAt: nullable(integer(0, Number.MAX_SAFE_INTEGER)),
});
export type MessageRecord = Checked<typeof checkMessage>;

/**
 * A bucket: up to {@link MESSAGES_PER_BUCKET} consecutive ids. Their metadata is in the clear;
 * what they say is sealed together in one box — one AEAD operation per 64 messages rather than
 * per message, which is what makes searching 10,000 messages fast.
 */
export const checkBucket = object({
  /** The history key generation that sealed `box`. */
  gen: integer(1, 2 ** 31),
  messages: arrayOf(checkMessage, MESSAGES_PER_BUCKET),
  /**
   * base64(nonce || XChaCha20-Poly1305(JSON array of {sender, text, pointer}, in the order of
   * `messages`)), with {@link bucketAad} as associated data.
   */
  box: base64,
});
export type BucketRecord = Checked<typeof checkBucket>;

/** What a message's part of a box holds. */
export const checkMessageSecret = object({
  sender: string({ max: 1_000_000 }),
  text: string({ max: 1_000_000 }),
  pointer: string({ max: 1_000_000 }),
  /** Absent for CLM 2.0.1 pointers (all messages of schema version 1 are). */
  format: optional(oneOf('sealed')),
});
export type MessageSecret = Checked<typeof checkMessageSecret>;
export const checkBucketSecrets = arrayOf(checkMessageSecret, MESSAGES_PER_BUCKET);

/**
 * The associated data of a bucket's box: its number, its key generation and every message's
 * metadata. Moving a box to another bucket, or editing a message's chat, kind, time or trash
 * state on disk, makes the box fail to open instead of lying.
 */
export function bucketAad(n: number, gen: number, messages: readonly MessageRecord[]): string {
  return `clm-ext/v1/bucket/${n}/${gen}/${JSON.stringify(messages.map((m) => [m.id, m.chatId, m.kind, m.epoch, m.savedAt, m.trashedAt]))}`;
}

/** The associated data of the sealed CLM public key. */
export const PUBLIC_KEY_AAD = 'clm-ext/v1/clm-public-key';

/** The unlocked session, in `storage.session` only. */
export const checkSession = object({
  version: oneOf(1),
  username: string({ min: 1, max: LIMITS.username }),
  phrase: string({ min: 1, max: LIMITS.phrase }),
  /** History key generation → base64 key: every generation this unlock could open. */
  historyKeys: recordOf(base64, 1000),
  currentGeneration: integer(1, 2 ** 31),
  unlockedAt: integer(0, Number.MAX_SAFE_INTEGER),
  /**
   * Sealed root keys (base64) already derived, by SHA-256 (hex) of their phrase: saves their
   * scrypt after a worker restart. Memory only, like the phrase itself.
   */
  sealedRoots: optional(recordOf(base64, 10_000)),
});
export type SessionRecord = Checked<typeof checkSession>;

/**
 * Migrations: `MIGRATIONS[n]` turns a version n-1 store into version n, reading and writing
 * through `store`; the runner is vault.ts, `migrate`.
 */
export interface MigrationStore {
  get(keys: readonly string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
}
export type Migration = (store: MigrationStore) => Promise<void>;

/** Gives every stored chat without `field` the value `value`; a chat that has one keeps it. */
async function defaultChatField(store: MigrationStore, field: string, value: string): Promise<void> {
  const { [LOCAL_KEYS.catalog]: catalog } = await store.get([LOCAL_KEYS.catalog]);
  if (typeof catalog !== 'object' || catalog === null) return;
  const { chats } = catalog as { chats?: unknown };
  if (!Array.isArray(chats)) return;
  const migrated = chats.map((c: unknown) => (typeof c === 'object' && c !== null && !(field in c) ? { ...c, [field]: value } : c));
  await store.set({ [LOCAL_KEYS.catalog]: { ...catalog, chats: migrated } });
}

export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  /**
   * 1 → 2: chats gain a format. Every chat of a version 1 store spoke CLM 2.0.1 (the only format
   * there was), and the people in it still do: each stays `clm`. New chats default to `sealed`.
   */
  2: (store) => defaultChatField(store, 'format', 'clm'),
  /** 2 → 3: chats say which phrase they use. Until now every chat used the profile's. */
  3: (store) => defaultChatField(store, 'phrase', 'master'),
};
