/**
 * The small records of `storage.local` and the session of `storage.session`, defined once: their
 * keys, their shape, the schema version and the migrations between versions. Records are checked
 * when read, so a damaged or hand-edited store is reported instead of half-used. History lives in
 * its own store (see history/records.ts).
 *
 * `storage.local` (on disk) holds only: the profile (username, KDF parameters, the slow
 * verifier, wrapped history keys, and the profile's own secrets sealed under the history key),
 * chats (names and seed suffixes are not secret: CLM shows them before login), settings, the
 * unlock-failure counter, and the chats' own phrases, sealed. Never a phrase or a plaintext.
 * @module
 */
import { AUTO_LOCK_CHOICES, CHAT_FORMATS, LIMITS, PHRASE_KINDS } from '../wire/limits.ts';
import type { StorageArea } from '../storage/area.ts';
import { arrayOf, boolean, type Checked, integer, nullable, object, oneOf, optional, recordOf, string } from '../wire/validate.ts';

/** The version of the layout below. Raise it with a migration whenever a record changes. */
export const SCHEMA_VERSION = 4;

/** Every `storage.local` key the extension uses. */
export const LOCAL_KEYS = {
  schema: 'schema',
  profile: 'profile',
  catalog: 'catalog',
  settings: 'settings',
  throttle: 'unlockThrottle',
  chatSecrets: 'chatSecrets',
  /** Schema 3: the chats' phrases without dates or roots; upgraded at the first unlock. */
  legacyChatPhrases: 'chatPhrases',
  /** Schema 3: history buckets in `storage.local`; moved to the history store at the first unlock. */
  legacyBucketPrefix: 'messages/',
} as const;

/** Every `storage.session` key the extension uses. */
export const SESSION_KEYS = { session: 'session' } as const;

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
  /** The profile's secrets sealed under the new generation. */
  sealed: optional(base64),
  /** Schema 3 only. */
  sealedClmPublicKey: optional(base64),
});

export const checkSchema = object({ version: integer(1, 1000) });

export const checkProfile = object({
  username: string({ min: 1, max: LIMITS.username }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  kdf: kdfParams,
  verifier: base64,
  /** History key generations wrapped under the wrap key of `verifier`'s phrase; `current` seals new records. */
  historyKeys: object({ current: integer(1, 2 ** 31), wrapped: recordOf(base64, 1000) }),
  /** {@link ProfileSecrets} sealed under the current history key. Absent in a schema 3 profile until its first unlock. */
  sealed: optional(base64),
  /** Schema 3: CLM's public key, sealed alone. */
  sealedClmPublicKey: optional(base64),
  /** Set while a phrase change is being applied (see phrase-change.ts). */
  pendingChange: optional(pendingChange),
});
export type ProfileRecord = Checked<typeof checkProfile>;

/** What the profile keeps sealed: opened at unlock, held in the session. */
const identityKeys = object({ privateKey: base64, publicKey: base64, createdAt: integer(0, Number.MAX_SAFE_INTEGER) });
export const checkIdentities = object({
  current: identityKeys,
  /** Replaced by "New identity": kept so that contact chats made with them still open old pointers. */
  retired: arrayOf(identityKeys, 100),
});
export type IdentitiesRecord = Checked<typeof checkIdentities>;

export const checkProfileSecrets = object({
  /** CLM's public key (an unsalted MAC of name and phrase: a fast test of a guess, so sealed). */
  clmPublicKey: string({ max: 100 }),
  /** Makes history's chat tags; random, and the same for the life of the profile. */
  indexKey: base64,
  /** The sealed-pointer root key of the profile phrase, so unlocking needs no second scrypt. */
  profileRoot: base64,
  /**
   * The profile's identity for contact cards: random X25519 key pairs (never derived from the
   * phrase, which a CLM group shares). Absent in profiles made before identities existed, until
   * first needed.
   */
  identity: optional(checkIdentities),
});
export type ProfileSecrets = Checked<typeof checkProfileSecrets>;
export const PROFILE_SECRETS_AAD = 'clm-ext/v4/profile-secrets';

/** X25519 public keys, base64 (public: not secret, but stored with the chat all the same). */
const publicKey = string({ min: 44, max: 44 });
export const checkContact = object({
  theirPublicKey: publicKey,
  /** Our public key the chat writes with (our current identity, or the one before a "New identity"). */
  myPublicKey: publicKey,
  /** Our earlier public keys whose pointers of this chat still open (after a "New identity"). */
  formerPublicKeys: arrayOf(publicKey, 100),
  /** The person compared the safety number and said it matches. */
  verified: boolean,
  /** Since a "New identity": the contact needs our new card (until a pointer of theirs opens with it). */
  needsMyNewCard: optional(boolean),
});
export type ContactRecord = Checked<typeof checkContact>;

const chat = object({
  /** This profile's id of the chat (CLM's numbering when it was free). */
  id: string({ min: 1, max: LIMITS.chatId }),
  name: string({ min: 1, max: LIMITS.chatName }),
  seedSuffix: string({ max: LIMITS.seedSuffix }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  format: oneOf(...CHAT_FORMATS),
  /** Which phrase encrypts the chat now: the profile's, or one only its members know. */
  phrase: oneOf(...PHRASE_KINDS),
  /** The chat's id in pointers (its number in CLM) when it differs from `id`. */
  wireId: optional(string({ min: 1, max: LIMITS.chatId })),
  /** Never reused: names the chat's history, so a new chat never inherits an old one's messages. */
  serial: integer(0, Number.MAX_SAFE_INTEGER),
  /** A contact chat (`phrase: 'contact'`): the other person's public key, and ours it was agreed with. */
  contact: optional(checkContact),
});
export type ChatRecord = Checked<typeof chat>;

export const checkCatalog = object({
  chats: arrayOf(chat, LIMITS.chats),
  nextSerial: integer(0, Number.MAX_SAFE_INTEGER),
  /** Schema 3: present while history still lives in `storage.local`. */
  nextMessageId: optional(integer(1, Number.MAX_SAFE_INTEGER)),
});
export type CatalogRecord = Checked<typeof checkCatalog>;

export const checkSettings = object({
  autoLockMinutes: oneOf(...AUTO_LOCK_CHOICES),
  /** Whether the locked screen lists the chats' names (never anything of history). */
  chatNamesWhenLocked: boolean,
});
export type SettingsRecord = Checked<typeof checkSettings>;
export const DEFAULT_SETTINGS: SettingsRecord = { autoLockMinutes: 15, chatNamesWhenLocked: false };

export const checkThrottle = object({
  failures: integer(0, Number.MAX_SAFE_INTEGER),
  /** No unlock attempt is checked before this time (ms since 1970). */
  notBefore: integer(0, Number.MAX_SAFE_INTEGER),
});
export type ThrottleRecord = Checked<typeof checkThrottle>;

/** A sealed record of `storage.local`: which history key generation sealed it, and the box. */
export const checkSealedRecord = object({ gen: integer(1, 2 ** 31), box: base64 });
export type SealedRecord = Checked<typeof checkSealedRecord>;

/**
 * The chats' own phrases (inside the `chatSecrets` box, by chat id). `phrases` only grows, so a
 * message can name the phrase that opened it by its place (`use` k ≥ 1; 0 is the profile's).
 * `periods` say which secret held from when: a pointer opens only with the secret of the period
 * its epoch falls in — a removed member's old phrase cannot post new messages, and the profile
 * phrase opens nothing of a chat that has its own unless the chat used it back then.
 */
export const checkChatSecretEntry = object({
  /** `salt`: the random salt of the phrase's sealed root (chats made since roots were salted; see invites v2). */
  phrases: arrayOf(object({ phrase: string({ min: 1, max: LIMITS.phrase }), root: base64, salt: optional(base64) }), 1000),
  /** Oldest first; `from` in seconds, null for "always" (phrases whose date is unknown). */
  periods: arrayOf(object({ from: nullable(integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)), use: integer(0, 1000) }), 1000),
});
export const checkChatSecrets = recordOf(checkChatSecretEntry, LIMITS.chats);
export type ChatSecretsValue = Checked<typeof checkChatSecrets>;
export const CHAT_SECRETS_AAD = (gen: number) => `clm-ext/v4/chat-secrets/${gen}`;

/** The unlocked session, in `storage.session` only (memory, never disk). */
export const checkSession = object({
  version: oneOf(2),
  username: string({ min: 1, max: LIMITS.username }),
  phrase: string({ min: 1, max: LIMITS.phrase }),
  /** History key generation → base64 key. */
  historyKeys: recordOf(base64, 1000),
  currentGeneration: integer(1, 2 ** 31),
  unlockedAt: integer(0, Number.MAX_SAFE_INTEGER),
  /**
   * Which profile this session belongs to (a digest of the stored verifier and generation). A
   * session that does not match the profile on disk — left over from before a phrase change —
   * is dropped, never used to write.
   */
  profileCheck: string({ max: 100 }),
  indexKey: base64,
  profileRoot: base64,
});
export type SessionRecord = Checked<typeof checkSession>;

/** Migrations: `MIGRATIONS[n]` turns a version n-1 store into version n (run by store.ts). */
export type Migration = (store: StorageArea) => Promise<void>;

async function readCatalog(store: StorageArea): Promise<(Record<string, unknown> & { chats?: unknown }) | undefined> {
  const { [LOCAL_KEYS.catalog]: catalog } = await store.get([LOCAL_KEYS.catalog]);
  return typeof catalog === 'object' && catalog !== null ? (catalog as Record<string, unknown>) : undefined;
}

/** Gives every stored chat without `field` the value `value`; a chat that has one keeps it. */
async function defaultChatField(store: StorageArea, field: string, value: (index: number) => unknown): Promise<void> {
  const catalog = await readCatalog(store);
  if (!catalog || !Array.isArray(catalog.chats)) return;
  const migrated = catalog.chats.map((c: unknown, i) => (typeof c === 'object' && c !== null && !(field in c) ? { ...c, [field]: value(i) } : c));
  await store.set({ [LOCAL_KEYS.catalog]: { ...catalog, chats: migrated } });
}

export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  /**
   * 1 → 2: chats gain a format. Every chat of a version 1 store spoke CLM 2.0.1 (the only format
   * there was), and the people in it still do: each stays `clm`. New chats default to `sealed`.
   */
  2: (store) => defaultChatField(store, 'format', () => 'clm'),
  /** 2 → 3: chats say which phrase they use. Until now every chat used the profile's. */
  3: (store) => defaultChatField(store, 'phrase', () => 'master'),
  /**
   * 3 → 4: chats get serial numbers (history is kept per chat serial from now on), and the
   * locked screen stops listing chat names unless the person turns it on. What is sealed (the
   * chats' phrases, history) can only be moved with the keys: at the first unlock (upgrade.ts).
   */
  4: async (store) => {
    await defaultChatField(store, 'serial', (i) => i);
    const catalog = await readCatalog(store);
    if (catalog && !('nextSerial' in catalog)) {
      await store.set({ [LOCAL_KEYS.catalog]: { ...catalog, nextSerial: Array.isArray(catalog.chats) ? catalog.chats.length : 0 } });
    }
    const { [LOCAL_KEYS.settings]: settings } = await store.get([LOCAL_KEYS.settings]);
    if (typeof settings === 'object' && settings !== null && !('chatNamesWhenLocked' in settings)) {
      await store.set({ [LOCAL_KEYS.settings]: { ...settings, chatNamesWhenLocked: false } });
    }
  },
};
