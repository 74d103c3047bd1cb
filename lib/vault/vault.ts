/**
 * The vault: the profile, the lock, chats and history, over two injected storage areas.
 * Pure TypeScript (no browser import): the background binds it to `browser.storage`, tests to
 * memory.
 *
 * Rules it keeps:
 * - The phrase and message plaintext are written only to the session area (memory only) and held
 *   in this object while unlocked; `local` sees verifiers, wrapped keys and sealed boxes.
 * - Every write is one `set` of all the keys it changes (one storage transaction), made after
 *   the new state is fully computed; the in-memory copy changes only once the write succeeded.
 *   A full store or a failed write therefore leaves both exactly as they were.
 * - Writes are serialized through one queue.
 * @module
 */
import {
  ClmInputError,
  clmPublicKey,
  createPointer,
  DEFAULT_CHATS,
  defaultSeedSuffix,
  nextChatId,
  openParsedPointer,
  parsePointer,
  PointerError,
  seedSuffixForChat,
} from '../clm.ts';
import { fromBase64, toBase64, utf8 } from '../bytes.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { createInvite, InviteError, parseInvite } from '../invite.ts';
import { bytesToHex } from '../hex.ts';
import {
  createSealedPointer,
  deriveSealedRoot,
  openSealedPointer,
  parseSealedPointer,
  pointerFormat,
  sealedChatKey,
} from '../sealed.ts';
import { pythonJsonString } from '../python-json.ts';
import type { ChatView, LockState, MessagePage, MessageView, ProfileView, RequestOf, StatusView } from '../protocol.ts';
import type { StorageArea } from '../storage-area.ts';
import { type Check, ValidationError } from '../validate.ts';
import { openText, sealText } from './box.ts';
import { VaultError } from './errors.ts';
import {
  DEFAULT_KDF_COST,
  derivePhraseKeys,
  type KdfParams,
  newKdfParams,
  type PhraseKeys,
  type RandomBytes,
  unwrapHistoryKey,
  verifierMatches,
  wrapHistoryKey,
} from './keys.ts';
import {
  type AutoLockMinutes,
  bucketAad,
  type BucketRecord,
  type CatalogRecord,
  type ChatFormat,
  type ChatPhrasesRecord,
  type ChatRecord,
  chatPhrasesAad,
  checkChatPhrases,
  checkChatPhrasesSecret,
  checkBucket,
  checkCatalog,
  checkBucketSecrets,
  checkProfile,
  checkSchema,
  checkSession,
  checkSettings,
  checkThrottle,
  DEFAULT_SETTINGS,
  LIMITS,
  LOCAL_KEYS,
  MESSAGES_PER_BUCKET,
  type MessageRecord,
  type MessageSecret,
  type Migration,
  MIGRATIONS,
  type ProfileRecord,
  PUBLIC_KEY_AAD,
  SCHEMA_VERSION,
  SESSION_KEYS,
  type SessionRecord,
  type SettingsRecord,
  type ThrottleRecord,
} from './schema.ts';
import { SerialQueue } from './serial-queue.ts';
import { unlockDelayMs } from './throttle.ts';

export interface VaultOptions {
  readonly local: StorageArea;
  readonly session: StorageArea;
  readonly now?: () => number;
  readonly random?: RandomBytes;
  /** scrypt cost for new profiles and phrase changes (tests use a small one). */
  readonly kdfCost?: { N: number; r: number; p: number };
  /**
   * Told whenever the lock state changed (toolbar icon, auto-lock alarm); awaited, so the icon
   * agrees with the answer the page gets. Its failures are not the operation's.
   */
  readonly onLockStateChange?: (state: LockState) => void | Promise<void>;
  readonly migrations?: Readonly<Record<number, Migration>>;
  readonly schemaVersion?: number;
}

/** The unlocked session, in memory. */
interface Unlocked {
  readonly username: string;
  readonly phrase: string;
  readonly historyKeys: ReadonlyMap<number, Uint8Array>;
  readonly currentGeneration: number;
  readonly unlockedAt: number;
  /** Sealed root keys derived so far, by SHA-256 (hex) of their phrase (kept in the session too). */
  readonly sealedRoots: Map<string, Uint8Array>;
}

/** The small records of `storage.local`, parsed. */
interface Head {
  readonly profile: ProfileRecord | null;
  readonly catalog: CatalogRecord;
  readonly settings: SettingsRecord;
  readonly throttle: ThrottleRecord;
  /** Phrases of chats that have their own, sealed; null when none ever had one. */
  readonly chatPhrases: ChatPhrasesRecord | null;
}

/** Everything in `storage.local`, parsed. */
interface Loaded extends Head {
  /** Bucket number → bucket (metadata in the clear, texts sealed together). */
  readonly buckets: ReadonlyMap<number, BucketRecord>;
}


const EMPTY_CATALOG: CatalogRecord = { chats: [], nextMessageId: 1 };
const NO_THROTTLE: ThrottleRecord = { failures: 0, notBefore: 0 };

function bucketNumber(id: number): number {
  return Math.floor(id / MESSAGES_PER_BUCKET);
}

function parseRecord<T>(check: Check<T>, value: unknown, what: string): T {
  try {
    return check(value, what);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new VaultError(
        'corrupt-storage',
        `This extension's stored data is damaged (${error.message}). Nothing was changed; export what you can and reinstall if it persists.`,
      );
    }
    throw error;
  }
}

/** CLM trims what people type (Python's `str.strip()`); so do we, so phrases match across apps. */
function cleanPhrase(phrase: string): string {
  const trimmed = phrase.trim();
  if (trimmed === '') throw new VaultError('invalid-input', 'The phrase cannot be empty.');
  return trimmed;
}

function cleanUsername(username: string): string {
  const trimmed = username.trim();
  if (trimmed === '') throw new VaultError('invalid-input', 'Enter a name.');
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new VaultError('invalid-input', 'The name must be a single line.');
  if (trimmed.includes(': ')) {
    throw new VaultError(
      'invalid-input',
      'The name cannot contain ": " — CLM splits a message at the first ": " to find who wrote it.',
    );
  }
  return trimmed;
}

function cleanChatName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new VaultError('invalid-input', 'Enter a chat name.');
  return trimmed;
}

function storageError(error: unknown): VaultError {
  const text = error instanceof Error ? error.message : String(error);
  if (/quota/i.test(text)) {
    return new VaultError(
      'storage-full',
      "The browser's storage for this extension is full, so nothing was saved. Empty the trash or delete old chats, then try again.",
    );
  }
  return new VaultError('storage-failed', 'The browser could not save this change, so nothing was saved. Please try again.');
}

/** Sort key of a message: the second it names, then its id. */
function compareMessages(a: MessageRecord, b: MessageRecord): number {
  return a.epoch - b.epoch || a.id - b.id;
}

export class Vault {
  private readonly local: StorageArea;
  private readonly session: StorageArea;
  private readonly now: () => number;
  private readonly random: RandomBytes;
  private readonly kdfCost: { N: number; r: number; p: number };
  private readonly lockStateListener: (state: LockState) => void | Promise<void>;
  private readonly migrations: Readonly<Record<number, Migration>>;
  private readonly schemaVersion: number;
  private readonly queue = new SerialQueue();

  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  private loadingHead: Promise<Head> | null = null;
  private unlocked: Unlocked | null = null;
  /**
   * Opened bucket boxes, by bucket number, each with the box it came from (a rewritten bucket has
   * a new box, so a stale entry is never used). Only while unlocked; filled lazily: a history page
   * opens only the buckets it shows, a search opens all (once per unlock or worker start).
   */
  private readonly opened = new Map<number, { readonly box: string; readonly secrets: readonly MessageSecret[] }>();
  private warming: Promise<void> | null = null;

  constructor(options: VaultOptions) {
    this.local = options.local;
    this.session = options.session;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    this.kdfCost = options.kdfCost ?? DEFAULT_KDF_COST;
    this.lockStateListener = options.onLockStateChange ?? (() => undefined);
    this.migrations = options.migrations ?? MIGRATIONS;
    this.schemaVersion = options.schemaVersion ?? SCHEMA_VERSION;
  }

  // ---------------------------------------------------------------------------------------
  // Loading, migrating and writing

  /** Brings `storage.local` to the current schema version (in the queue, before anything else). */
  private async migrate(): Promise<void> {
    const { [LOCAL_KEYS.schema]: rawSchema, [LOCAL_KEYS.profile]: rawProfile } = await this.local.get([
      LOCAL_KEYS.schema,
      LOCAL_KEYS.profile,
    ]);
    if (rawSchema === undefined) {
      // A fresh install, or a store written before versions were recorded (none exists yet).
      if (rawProfile === undefined) return;
      throw new VaultError('corrupt-storage', "This extension's stored data has no version, so it cannot be read safely.");
    }
    const { version } = parseRecord(checkSchema, rawSchema, 'schema');
    if (version > this.schemaVersion) {
      throw new VaultError(
        'corrupt-storage',
        'This data was written by a newer version of the extension. Update the extension to read it.',
      );
    }
    for (let next = version + 1; next <= this.schemaVersion; next++) {
      const migration = this.migrations[next] as Migration | undefined;
      if (!migration) throw new VaultError('corrupt-storage', `No migration to schema version ${next}.`);
      await migration(this.local);
      await this.local.set({ [LOCAL_KEYS.schema]: { version: next } });
    }
  }

  /**
   * The small records only (profile, chats, settings, failure counter): enough to answer
   * `status`, which every popup asks first — so opening the popup never waits for history.
   */
  private loadHead(): Promise<Head> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loadingHead ??= (async () => {
      try {
        await this.migrate();
        const head = await this.local.get([LOCAL_KEYS.profile, LOCAL_KEYS.catalog, LOCAL_KEYS.settings, LOCAL_KEYS.throttle, LOCAL_KEYS.chatPhrases]);
        return {
          profile: head[LOCAL_KEYS.profile] === undefined ? null : parseRecord(checkProfile, head[LOCAL_KEYS.profile], 'profile'),
          catalog: head[LOCAL_KEYS.catalog] === undefined ? EMPTY_CATALOG : parseRecord(checkCatalog, head[LOCAL_KEYS.catalog], 'catalog'),
          settings:
            head[LOCAL_KEYS.settings] === undefined ? DEFAULT_SETTINGS : parseRecord(checkSettings, head[LOCAL_KEYS.settings], 'settings'),
          throttle:
            head[LOCAL_KEYS.throttle] === undefined ? NO_THROTTLE : parseRecord(checkThrottle, head[LOCAL_KEYS.throttle], 'unlockThrottle'),
          chatPhrases:
            head[LOCAL_KEYS.chatPhrases] === undefined ? null : parseRecord(checkChatPhrases, head[LOCAL_KEYS.chatPhrases], 'chatPhrases'),
        };
      } catch (error) {
        this.loadingHead = null;
        throw error;
      }
    })();
    return this.loadingHead;
  }

  /** Everything, history buckets included (read once per worker, then kept in step with writes). */
  private load(): Promise<Loaded> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= (async () => {
      try {
        const head = await this.loadHead();
        const bucketKeys: string[] = [];
        for (let n = 0; n <= bucketNumber(head.catalog.nextMessageId - 1); n++) bucketKeys.push(`${LOCAL_KEYS.bucketPrefix}${n}`);
        const raw = bucketKeys.length > 0 ? await this.local.get(bucketKeys) : {};
        const buckets = new Map<number, BucketRecord>();
        bucketKeys.forEach((key, n) => {
          if (raw[key] !== undefined) buckets.set(n, parseRecord(checkBucket, raw[key], key));
        });
        // A write may have happened while the buckets were read (only through `commit`, which
        // sets `loaded`); then that state is the newer one.
        this.loaded ??= { ...head, buckets };
        return this.loaded;
      } finally {
        this.loading = null;
        this.loadingHead = null;
      }
    })();
    return this.loading;
  }

  /**
   * Writes `items` in one `set` and, only if that succeeds, makes `next` the in-memory state.
   * @throws {VaultError} `storage-full` / `storage-failed`, with nothing changed
   */
  private async commit(items: Record<string, unknown>, next: Loaded): Promise<void> {
    try {
      await this.local.set({ [LOCAL_KEYS.schema]: { version: this.schemaVersion }, ...items });
    } catch (error) {
      throw storageError(error);
    }
    this.loaded = next;
  }

  private *records(loaded: Loaded): Generator<MessageRecord> {
    for (const bucket of loaded.buckets.values()) yield* bucket.messages;
  }

  private async onLockStateChange(state: LockState): Promise<void> {
    try {
      await this.lockStateListener(state);
    } catch {
      // The toolbar icon failing to update must not undo a lock or an unlock.
    }
  }

  // ---------------------------------------------------------------------------------------
  // Session

  private async restoreSession(): Promise<Unlocked | null> {
    if (this.unlocked) return this.unlocked;
    const { [SESSION_KEYS.session]: raw } = await this.session.get([SESSION_KEYS.session]);
    if (raw === undefined) return null;
    let record: SessionRecord;
    try {
      record = checkSession(raw, 'session');
    } catch {
      await this.session.remove([SESSION_KEYS.session]);
      return null;
    }
    const keys = new Map<number, Uint8Array>();
    for (const [generation, key] of Object.entries(record.historyKeys)) keys.set(Number(generation), fromBase64(key));
    this.unlocked = {
      username: record.username,
      phrase: record.phrase,
      historyKeys: keys,
      currentGeneration: record.currentGeneration,
      unlockedAt: record.unlockedAt,
      sealedRoots: new Map(Object.entries(record.sealedRoots ?? {}).map(([h, k]) => [h, fromBase64(k)])),
    };
    // A worker restarted after idle: reopen history in the background, as after an unlock.
    this.scheduleWarmUp();
    return this.unlocked;
  }

  private static sessionRecord(unlocked: Unlocked): SessionRecord {
    return {
      version: 1,
      username: unlocked.username,
      phrase: unlocked.phrase,
      historyKeys: Object.fromEntries([...unlocked.historyKeys].map(([g, k]) => [String(g), toBase64(k)])),
      currentGeneration: unlocked.currentGeneration,
      unlockedAt: unlocked.unlockedAt,
      ...(unlocked.sealedRoots.size > 0 && { sealedRoots: Object.fromEntries([...unlocked.sealedRoots].map(([h, k]) => [h, toBase64(k)])) }),
    };
  }

  private async startSession(unlocked: Unlocked): Promise<void> {
    await this.session.set({ [SESSION_KEYS.session]: Vault.sessionRecord(unlocked) });
    this.unlocked = unlocked;
    this.opened.clear();
    this.scheduleWarmUp();
  }

  private scheduleWarmUp(): void {
    setTimeout(() => void this.warmUp().catch(() => undefined), 0);
  }

  /**
   * Opens every bucket, a few at a time between other work, so that the first search after an
   * unlock (or after the worker restarted) is as quick as the next: opening 10,000 messages takes
   * a few hundred ms on a slow machine, more than a person should wait after a keystroke.
   */
  warmUp(): Promise<void> {
    this.warming ??= (async () => {
      try {
        const unlocked = this.unlocked;
        if (!unlocked) return;
        const loaded = await this.load();
        // Every phrase a sealed pointer could be for, so that discovering one never waits for scrypt.
        for (const phrase of new Set(loaded.catalog.chats.flatMap((c) => this.candidatePhrases(loaded, unlocked, c)))) {
          if (this.unlocked !== unlocked) return;
          await this.rootOf(unlocked, phrase);
        }
        let opened = 0;
        for (const [n, bucket] of loaded.buckets) {
          if (this.unlocked !== unlocked) return; // locked, or the phrase changed, meanwhile
          this.tryOpenBucket(n, bucket, unlocked);
          if (++opened % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
        }
      } finally {
        this.warming = null;
      }
    })();
    return this.warming;
  }

  private readonly rootJobs = new Map<string, Promise<Uint8Array>>();
  private readonly chatKeyCache = new WeakMap<Unlocked, Map<string, Uint8Array>>();

  private static phraseId(phrase: string): string {
    return bytesToHex(sha256(utf8(phrase)));
  }

  /** A sealed chat key: one HKDF from its phrase's root, then kept for this unlock. */
  private async chatKeyOf(unlocked: Unlocked, phrase: string, seedSuffix: string): Promise<Uint8Array> {
    let keys = this.chatKeyCache.get(unlocked);
    if (!keys) {
      keys = new Map();
      this.chatKeyCache.set(unlocked, keys);
    }
    const id = `${Vault.phraseId(phrase)}/${seedSuffix}`;
    let key = keys.get(id);
    if (!key) {
      key = sealedChatKey(await this.rootOf(unlocked, phrase), seedSuffix);
      keys.set(id, key);
    }
    return key;
  }

  /**
   * A phrase's sealed root key: derived (scrypt, ~0.1–0.3 s) once per unlock — in the background
   * right after it — and kept in the session so a restarted worker does not derive it again.
   */
  private async rootOf(unlocked: Unlocked, phrase: string): Promise<Uint8Array> {
    const id = Vault.phraseId(phrase);
    const known = unlocked.sealedRoots.get(id);
    if (known) return known;
    let job = this.rootJobs.get(id);
    if (!job) {
      job = deriveSealedRoot(phrase).finally(() => this.rootJobs.delete(id));
      this.rootJobs.set(id, job);
    }
    const root = await job;
    // Checked and written in one tick: a lock that happened meanwhile already dropped `unlocked`,
    // and a lock that comes after removes the session behind this write (storage keeps order).
    // A read-modify-write here could bring a locked session back.
    if (this.unlocked === unlocked) {
      unlocked.sealedRoots.set(id, root);
      await this.session.set({ [SESSION_KEYS.session]: Vault.sessionRecord(unlocked) });
    }
    return root;
  }

  // ---------------------------------------------------------------------------------------
  // Chat phrases

  private chatPhrasesCache: { readonly box: string; readonly value: Readonly<Record<string, readonly string[]>> } | null = null;

  /** Every own phrase of every chat, oldest first (opened under the history key, then kept). */
  private openChatPhrases(loaded: Head, unlocked: Unlocked): Readonly<Record<string, readonly string[]>> {
    const record = loaded.chatPhrases;
    if (!record) return {};
    if (this.chatPhrasesCache?.box === record.box) return this.chatPhrasesCache.value;
    const key = unlocked.historyKeys.get(record.gen);
    const json = key && openText(key, record.box, chatPhrasesAad(record.gen));
    if (json === undefined) throw new VaultError('corrupt-storage', "The chats' own phrases are damaged and cannot be decrypted.");
    const value = parseRecord(checkChatPhrasesSecret, JSON.parse(json), 'chatPhrases');
    this.chatPhrasesCache = { box: record.box, value };
    return value;
  }

  private sealChatPhrases(unlocked: Unlocked, value: Record<string, readonly string[]>): ChatPhrasesRecord {
    const gen = unlocked.currentGeneration;
    const key = unlocked.historyKeys.get(gen);
    if (!key) throw new VaultError('corrupt-storage', 'The current history key is missing.');
    return { gen, box: sealText(key, JSON.stringify(value), chatPhrasesAad(gen), this.random) };
  }

  /** The phrase a chat sends with: its own newest, or the profile's. */
  private currentPhrase(loaded: Head, unlocked: Unlocked, chat: ChatRecord): string {
    if (chat.phrase === 'master') return unlocked.phrase;
    const phrases = this.openChatPhrases(loaded, unlocked);
    const newest = Object.hasOwn(phrases, chat.id) ? phrases[chat.id].at(-1) : undefined;
    if (newest === undefined) throw new VaultError('corrupt-storage', `The phrase of chat ${chat.name} is missing.`);
    return newest;
  }

  /**
   * The phrases a pointer of this chat may be under, most likely first: the current one, the
   * chat's earlier own phrases (newest first), and the profile's.
   */
  private candidatePhrases(loaded: Head, unlocked: Unlocked, chat: ChatRecord): string[] {
    const phrases = this.openChatPhrases(loaded, unlocked);
    const own = Object.hasOwn(phrases, chat.id) ? [...(phrases[chat.id] ?? [])].reverse() : [];
    const ordered = chat.phrase === 'own' ? [...own, unlocked.phrase] : [unlocked.phrase, ...own];
    return [...new Set(ordered)];
  }

  /** Drops every secret this object holds in memory: the phrase, opened messages, the chats' phrases. */
  private forgetSecrets(): void {
    this.unlocked = null;
    this.opened.clear();
    this.chatPhrasesCache = null;
  }

  private async endSession(): Promise<void> {
    this.forgetSecrets();
    await this.session.remove([SESSION_KEYS.session]);
  }

  private async requireUnlocked(): Promise<{ loaded: Loaded; unlocked: Unlocked; profile: ProfileRecord }> {
    const loaded = await this.load();
    if (!loaded.profile) throw new VaultError('no-profile', 'Create a profile first.');
    const unlocked = await this.restoreSession();
    if (!unlocked) throw new VaultError('locked', 'Unlock with your phrase first.');
    return { loaded, unlocked, profile: loaded.profile };
  }

  // ---------------------------------------------------------------------------------------
  // Status and profile

  /** Whether there is a profile and whether it is unlocked. */
  async status(): Promise<StatusView> {
    const loaded = await this.loadHead();
    if (!loaded.profile) return { state: 'no-profile', username: null };
    const unlocked = await this.restoreSession();
    if (unlocked) return { state: 'unlocked', username: loaded.profile.username };
    const wait = loaded.throttle.notBefore - this.now();
    return { state: 'locked', username: loaded.profile.username, ...(wait > 0 && { retryAfterMs: wait }) };
  }

  /** The profile as the settings screen shows it (unlocked only: the public key is sealed). */
  async profile(): Promise<ProfileView> {
    const { loaded, unlocked, profile } = await this.requireUnlocked();
    const key = unlocked.historyKeys.get(profile.historyKeys.current);
    const publicKey = key && openText(key, profile.sealedClmPublicKey, PUBLIC_KEY_AAD);
    return {
      username: profile.username,
      // Recomputed if the sealed copy cannot be opened: it is a function of name and phrase.
      clmPublicKey: publicKey ?? clmPublicKey(unlocked.username, unlocked.phrase),
      createdAt: profile.createdAt,
      autoLockMinutes: loaded.settings.autoLockMinutes,
      kdf: { name: profile.kdf.name, N: profile.kdf.N, r: profile.kdf.r, p: profile.kdf.p },
    };
  }

  /** The auto-lock setting (readable while locked: it is not secret). */
  async autoLockMinutes(): Promise<AutoLockMinutes> {
    return (await this.loadHead()).settings.autoLockMinutes;
  }

  /**
   * Creates the profile: the slow verifier, a first history key, CLM's default chats; and unlocks.
   * @throws {VaultError} `profile-exists`, `invalid-input`, `phrases-differ`, storage errors
   */
  setup(input: { username: string; phrase: string; confirmPhrase: string }): Promise<StatusView> {
    return this.queue.run(async () => {
      const loaded = await this.load();
      if (loaded.profile) throw new VaultError('profile-exists', 'A profile already exists on this browser.');
      const username = cleanUsername(input.username);
      const phrase = cleanPhrase(input.phrase);
      if (phrase !== cleanPhrase(input.confirmPhrase)) throw new VaultError('phrases-differ', 'The two phrases are not the same.');
      const kdf = newKdfParams(this.random, this.kdfCost);
      const keys = await derivePhraseKeys(phrase, kdf);
      const historyKey = this.random(32);
      const now = this.now();
      const profile: ProfileRecord = {
        username,
        createdAt: now,
        kdf,
        verifier: toBase64(keys.verifier),
        historyKeys: { current: 1, wrapped: { '1': wrapHistoryKey(keys.wrapKey, historyKey, 1, this.random) } },
        sealedClmPublicKey: sealText(historyKey, clmPublicKey(username, phrase), PUBLIC_KEY_AAD, this.random),
      };
      keys.wrapKey.fill(0);
      const catalog: CatalogRecord = {
        // CLM's own chats speak CLM 2.0.1, so a CLM user can talk to us out of the box.
        chats: DEFAULT_CHATS.map((c) => ({ ...c, createdAt: now, format: 'clm' as const, phrase: 'master' as const })),
        nextMessageId: 1,
      };
      await this.commit(
        {
          [LOCAL_KEYS.profile]: profile,
          [LOCAL_KEYS.catalog]: catalog,
          [LOCAL_KEYS.settings]: DEFAULT_SETTINGS,
          [LOCAL_KEYS.throttle]: NO_THROTTLE,
        },
        { profile, catalog, settings: DEFAULT_SETTINGS, throttle: NO_THROTTLE, chatPhrases: null, buckets: new Map() },
      );
      await this.startSession({
        username,
        phrase,
        historyKeys: new Map([[1, historyKey]]),
        currentGeneration: 1,
        unlockedAt: now,
        sealedRoots: new Map(),
      });
      await this.onLockStateChange('unlocked');
      return { state: 'unlocked', username };
    });
  }

  /**
   * Checks the phrase against the slow verifier and unlocks. Finishes (or undoes) a phrase change
   * that a browser crash interrupted, whichever phrase is given.
   * @throws {VaultError} `no-profile`, `throttled`, `wrong-phrase` (with `retryAfterMs`)
   */
  unlock(input: { phrase: string }): Promise<StatusView> {
    return this.queue.run(async () => {
      const loaded = await this.load();
      const profile = loaded.profile;
      if (!profile) throw new VaultError('no-profile', 'Create a profile first.');
      const already = await this.restoreSession();
      if (already) return { state: 'unlocked', username: profile.username };
      this.assertNotThrottled(loaded);
      const phrase = input.phrase.trim();
      const opened = phrase === '' ? undefined : await this.openWithPhrase(profile, phrase);
      if (!opened) return this.failedAttempt('That phrase does not unlock this profile.');
      const unlocked: Unlocked = {
        username: profile.username,
        phrase,
        historyKeys: opened.historyKeys,
        currentGeneration: opened.targetGeneration,
        unlockedAt: this.now(),
        sealedRoots: new Map(),
      };
      if (profile.pendingChange) await this.resumePhraseChange(unlocked, opened);
      await this.clearFailures();
      await this.startSession(unlocked);
      await this.onLockStateChange('unlocked');
      return { state: 'unlocked', username: profile.username };
    });
  }

  /** Refuses to check a phrase before the failure delay has passed. */
  private assertNotThrottled(loaded: Loaded): void {
    const wait = loaded.throttle.notBefore - this.now();
    if (wait > 0) {
      throw new VaultError('throttled', `Too many wrong phrases. Try again in ${Math.ceil(wait / 1000)} s.`, {
        retryAfterMs: wait,
      });
    }
  }

  /** Counts a wrong phrase (persistently) and throws `wrong-phrase` with the delay now imposed. */
  private async failedAttempt(sentence: string): Promise<never> {
    const loaded = await this.load();
    const failures = loaded.throttle.failures + 1;
    const delay = unlockDelayMs(failures);
    const throttle = { failures, notBefore: this.now() + delay };
    await this.commit({ [LOCAL_KEYS.throttle]: throttle }, { ...loaded, throttle });
    throw new VaultError(
      'wrong-phrase',
      delay > 0 ? `${sentence} Wait ${Math.ceil(delay / 1000)} s before the next try.` : sentence,
      { retryAfterMs: delay },
    );
  }

  private async clearFailures(): Promise<void> {
    const loaded = await this.load();
    if (loaded.throttle.failures > 0 || loaded.throttle.notBefore > 0) {
      await this.commit({ [LOCAL_KEYS.throttle]: NO_THROTTLE }, { ...loaded, throttle: NO_THROTTLE });
    }
  }

  /**
   * Tries `phrase` as the profile's phrase and, during an interrupted change, as the new one.
   * Returns the history keys it opens and which generation the store must end up in.
   */
  private async openWithPhrase(
    profile: ProfileRecord,
    phrase: string,
  ): Promise<{ historyKeys: Map<number, Uint8Array>; targetGeneration: number; finalProfile: ProfileRecord } | undefined> {
    const unwrapAll = (keys: PhraseKeys, wrapped: Record<string, string>) => {
      const out = new Map<number, Uint8Array>();
      for (const [generation, w] of Object.entries(wrapped)) {
        const key = unwrapHistoryKey(keys.wrapKey, w, Number(generation));
        if (!key) return undefined;
        out.set(Number(generation), key);
      }
      return out;
    };
    const current = await derivePhraseKeys(phrase, profile.kdf);
    if (verifierMatches(current, profile.verifier)) {
      const historyKeys = unwrapAll(current, profile.historyKeys.wrapped);
      if (!historyKeys) return undefined;
      // Old phrase during an interrupted change: undo it (drop the new generation).
      const { pendingChange, ...rest } = profile;
      const dropped = pendingChange ? String(pendingChange.generation) : undefined;
      const wrapped = Object.fromEntries(Object.entries(profile.historyKeys.wrapped).filter(([g]) => g !== dropped));
      const finalProfile: ProfileRecord = { ...rest, historyKeys: { current: profile.historyKeys.current, wrapped } };
      return { historyKeys, targetGeneration: profile.historyKeys.current, finalProfile };
    }
    const pending = profile.pendingChange;
    if (!pending) return undefined;
    const next = await derivePhraseKeys(phrase, pending.kdf);
    if (!verifierMatches(next, pending.verifier)) return undefined;
    const historyKeys = unwrapAll(next, pending.wrapped);
    const newKey = historyKeys?.get(pending.generation);
    if (!historyKeys || !newKey) return undefined;
    const finalProfile: ProfileRecord = {
      username: profile.username,
      createdAt: profile.createdAt,
      kdf: pending.kdf,
      verifier: pending.verifier,
      historyKeys: { current: pending.generation, wrapped: { [String(pending.generation)]: pending.wrapped[String(pending.generation)] ?? '' } },
      sealedClmPublicKey: pending.sealedClmPublicKey,
    };
    return { historyKeys, targetGeneration: pending.generation, finalProfile };
  }

  /** Re-seals every message into `targetGeneration`, bucket by bucket, then writes `finalProfile`. */
  private async resumePhraseChange(
    unlocked: Unlocked,
    opened: { targetGeneration: number; finalProfile: ProfileRecord },
  ): Promise<void> {
    await this.resealAll(unlocked.historyKeys, opened.targetGeneration);
    const loaded = await this.load();
    await this.commit({ [LOCAL_KEYS.profile]: opened.finalProfile }, { ...loaded, profile: opened.finalProfile });
  }

  /** Re-seals, one bucket per write, every bucket not yet under `generation`. */
  private async resealAll(historyKeys: ReadonlyMap<number, Uint8Array>, generation: number): Promise<void> {
    const target = historyKeys.get(generation);
    if (!target) throw new VaultError('corrupt-storage', 'A history key is missing.');
    // The chats' own phrases first: one record, one write.
    const head = await this.load();
    const phrases = head.chatPhrases;
    if (phrases && phrases.gen !== generation) {
      const key = historyKeys.get(phrases.gen);
      const json = key && openText(key, phrases.box, chatPhrasesAad(phrases.gen));
      if (json !== undefined) {
        const next = { gen: generation, box: sealText(target, json, chatPhrasesAad(generation), this.random) };
        await this.commit({ [LOCAL_KEYS.chatPhrases]: next }, { ...head, chatPhrases: next });
      }
    }
    for (const [n, bucket] of (await this.load()).buckets) {
      if (bucket.gen === generation) continue;
      const key = historyKeys.get(bucket.gen);
      const json = key && openText(key, bucket.box, bucketAad(n, bucket.gen, bucket.messages));
      // A damaged box stays as it is rather than being lost; it is reported when read.
      if (json === undefined) continue;
      const next = { gen: generation, messages: bucket.messages, box: sealText(target, json, bucketAad(n, generation, bucket.messages), this.random) };
      const current = await this.load();
      const buckets = new Map(current.buckets).set(n, next);
      await this.commit({ [`${LOCAL_KEYS.bucketPrefix}${n}`]: next }, { ...current, buckets });
    }
  }

  /** Locks: forgets the phrase and keys, here and in `storage.session`. */
  lock(): Promise<StatusView> {
    return this.queue.run(async () => {
      await this.endSession();
      const loaded = await this.load();
      const state: LockState = loaded.profile ? 'locked' : 'no-profile';
      await this.onLockStateChange(state);
      return { state, username: loaded.profile?.username ?? null };
    });
  }

  /**
   * Changes the phrase and re-encrypts history under a new key, in steps that a crash can
   * interrupt anywhere without losing a message (see `unlock`, which finishes or undoes it):
   * 1. one write adds the new key generation (wrapped under the old phrase) and the pending
   *    change (every generation wrapped under the new phrase, the new verifier);
   * 2. each bucket is re-sealed under the new generation, one write per bucket;
   * 3. one write makes the new phrase the profile's and drops the old keys.
   * @throws {VaultError} `locked`, `wrong-phrase`, `phrases-differ`, `invalid-input`, storage errors
   */
  changePhrase(input: { currentPhrase: string; newPhrase: string; confirmPhrase: string }): Promise<StatusView> {
    return this.queue.run(async () => {
      const { loaded, unlocked, profile } = await this.requireUnlocked();
      this.assertNotThrottled(loaded);
      const newPhrase = cleanPhrase(input.newPhrase);
      if (newPhrase !== cleanPhrase(input.confirmPhrase)) {
        throw new VaultError('phrases-differ', 'The two new phrases are not the same.');
      }
      const currentKeys = await derivePhraseKeys(input.currentPhrase.trim(), profile.kdf);
      if (!verifierMatches(currentKeys, profile.verifier)) return this.failedAttempt('The current phrase is not right.');
      await this.clearFailures();
      if (newPhrase === unlocked.phrase) throw new VaultError('invalid-input', 'The new phrase is the same as the current one.');

      const kdf: KdfParams = newKdfParams(this.random, this.kdfCost);
      const newKeys = await derivePhraseKeys(newPhrase, kdf);
      const generation = Math.max(...unlocked.historyKeys.keys()) + 1;
      const historyKey = this.random(32);
      const allKeys = new Map(unlocked.historyKeys);
      allKeys.set(generation, historyKey);

      // Step 1.
      const wrappedUnderNew: Record<string, string> = {};
      for (const [g, key] of allKeys) wrappedUnderNew[String(g)] = wrapHistoryKey(newKeys.wrapKey, key, g, this.random);
      const pending = {
        kdf,
        verifier: toBase64(newKeys.verifier),
        generation,
        wrapped: wrappedUnderNew,
        sealedClmPublicKey: sealText(historyKey, clmPublicKey(unlocked.username, newPhrase), PUBLIC_KEY_AAD, this.random),
      };
      const staged: ProfileRecord = {
        ...profile,
        historyKeys: {
          current: profile.historyKeys.current,
          wrapped: { ...profile.historyKeys.wrapped, [String(generation)]: wrapHistoryKey(currentKeys.wrapKey, historyKey, generation, this.random) },
        },
        pendingChange: pending,
      };
      const before = await this.load();
      await this.commit({ [LOCAL_KEYS.profile]: staged }, { ...before, profile: staged });
      // The session must be able to open new-generation boxes from here on.
      await this.startSession({ ...unlocked, historyKeys: allKeys });

      // Step 2.
      await this.resealAll(allKeys, generation);

      // Step 3.
      const final: ProfileRecord = {
        username: profile.username,
        createdAt: profile.createdAt,
        kdf,
        verifier: pending.verifier,
        historyKeys: { current: generation, wrapped: { [String(generation)]: wrappedUnderNew[String(generation)] ?? '' } },
        sealedClmPublicKey: pending.sealedClmPublicKey,
      };
      const after = await this.load();
      await this.commit({ [LOCAL_KEYS.profile]: final }, { ...after, profile: final });
      currentKeys.wrapKey.fill(0);
      newKeys.wrapKey.fill(0);
      await this.startSession({
        username: unlocked.username,
        phrase: newPhrase,
        historyKeys: new Map([[generation, historyKey]]),
        currentGeneration: generation,
        unlockedAt: unlocked.unlockedAt,
        // The chats' own phrases did not change: keep their roots. The profile's is new.
        sealedRoots: new Map([...unlocked.sealedRoots].filter(([id]) => id !== Vault.phraseId(unlocked.phrase))),
      });
      return { state: 'unlocked', username: profile.username };
    });
  }

  /**
   * Deletes everything: `storage.local` and `storage.session`. Allowed while locked, so a person
   * who forgot the phrase can start again; the typed word is the safeguard.
   * @throws {VaultError} `confirmation-required` unless `confirmation` is exactly "DELETE"
   */
  deleteProfile(input: { confirmation: string }): Promise<StatusView> {
    return this.queue.run(async () => {
      if (input.confirmation !== 'DELETE') {
        throw new VaultError('confirmation-required', 'Type DELETE (in capitals) to delete the profile and every message.');
      }
      this.forgetSecrets();
      try {
        await this.session.clear();
        await this.local.clear();
      } catch (error) {
        throw storageError(error);
      } finally {
        this.loaded = null;
        this.loadingHead = null;
      }
      await this.onLockStateChange('no-profile');
      return { state: 'no-profile', username: null };
    });
  }

  /** Sets the auto-lock delay. */
  setAutoLock(input: { minutes: AutoLockMinutes }): Promise<ProfileView> {
    return this.queue.run(async () => {
      const { loaded } = await this.requireUnlocked();
      const settings = { ...loaded.settings, autoLockMinutes: input.minutes };
      await this.commit({ [LOCAL_KEYS.settings]: settings }, { ...loaded, settings });
      return this.profile();
    });
  }

  // ---------------------------------------------------------------------------------------
  // Chats

  private chatView(loaded: Loaded, chat: ChatRecord): ChatView {
    let messageCount = 0;
    let trashedCount = 0;
    let lastEpoch: number | null = null;
    for (const r of this.records(loaded)) {
      if (r.chatId !== chat.id) continue;
      if (r.trashedAt === null) {
        messageCount++;
        if (lastEpoch === null || r.epoch > lastEpoch) lastEpoch = r.epoch;
      } else trashedCount++;
    }
    return {
      id: chat.id,
      name: chat.name,
      seedSuffix: chat.seedSuffix,
      format: chat.format,
      phrase: chat.phrase,
      messageCount,
      trashedCount,
      lastMessageAt: lastEpoch === null ? null : lastEpoch * 1000,
    };
  }

  /** Chats with their counts, in id order — available while locked (names are not secret). */
  async listChats(): Promise<ChatView[]> {
    const loaded = await this.load();
    if (!loaded.profile) throw new VaultError('no-profile', 'Create a profile first.');
    const byChat = new Map<string, { count: number; trashed: number; last: number | null }>();
    for (const r of this.records(loaded)) {
      const entry = byChat.get(r.chatId) ?? { count: 0, trashed: 0, last: null };
      if (r.trashedAt === null) {
        entry.count++;
        if (entry.last === null || r.epoch > entry.last) entry.last = r.epoch;
      } else entry.trashed++;
      byChat.set(r.chatId, entry);
    }
    return [...loaded.catalog.chats]
      .sort((a, b) => compareChatIds(a.id, b.id))
      .map((chat) => {
        const entry = byChat.get(chat.id);
        return {
          id: chat.id,
          name: chat.name,
          seedSuffix: chat.seedSuffix,
          format: chat.format,
          phrase: chat.phrase,
          messageCount: entry?.count ?? 0,
          trashedCount: entry?.trashed ?? 0,
          lastMessageAt: entry?.last == null ? null : entry.last * 1000,
        };
      });
  }

  private findChat(loaded: Loaded, chatId: string): ChatRecord {
    const chat = loaded.catalog.chats.find((c) => c.id === chatId);
    if (!chat) throw new VaultError('not-found', 'That chat does not exist (any more).');
    return chat;
  }

  /**
   * Creates a chat with CLM's next id; the seed suffix defaults to `chat_<id>`. With `phrase`, the
   * chat uses a phrase only its members know instead of the profile's.
   */
  createChat(input: RequestOf<'createChat'>): Promise<ChatView> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const id = nextChatId(loaded.catalog.chats.flatMap((c) => (c.wireId === undefined ? [c.id] : [c.id, c.wireId])));
      return this.addChat(loaded, unlocked, {
        id,
        name: input.name,
        seedSuffix: input.seedSuffix,
        format: input.format ?? 'sealed',
        phrase: input.phrase,
      });
    });
  }

  /** Adds a chat (and its own phrase, if any) in one write. */
  private async addChat(
    loaded: Loaded,
    unlocked: Unlocked,
    spec: { id: string; wireId?: string; name: string; seedSuffix: string | undefined; format: ChatFormat; phrase: string | undefined },
  ): Promise<ChatView> {
    if (loaded.catalog.chats.length >= LIMITS.chats) throw new VaultError('invalid-input', `At most ${LIMITS.chats} chats.`);
    const suffix = spec.seedSuffix?.trim();
    const own = spec.phrase === undefined ? undefined : cleanPhrase(spec.phrase);
    const chat: ChatRecord = {
      id: spec.id,
      name: cleanChatName(spec.name),
      seedSuffix: suffix === undefined || suffix === '' ? defaultSeedSuffix(spec.id) : suffix,
      createdAt: this.now(),
      format: spec.format,
      phrase: own === undefined ? 'master' : 'own',
      ...(spec.wireId !== undefined && { wireId: spec.wireId }),
    };
    const catalog = { ...loaded.catalog, chats: [...loaded.catalog.chats, chat] };
    const items: Record<string, unknown> = { [LOCAL_KEYS.catalog]: catalog };
    let chatPhrases = loaded.chatPhrases;
    if (own !== undefined) {
      chatPhrases = this.sealChatPhrases(unlocked, { ...this.openChatPhrases(loaded, unlocked), [chat.id]: [own] });
      items[LOCAL_KEYS.chatPhrases] = chatPhrases;
    }
    const next = { ...loaded, catalog, chatPhrases };
    await this.commit(items, next);
    this.scheduleWarmUp(); // derive the new phrase's sealed root in the background
    return this.chatView(next, chat);
  }

  /**
   * Gives a chat a new phrase of its own (or, without one, the profile's again). Only new
   * messages use it: the earlier phrases are kept, sealed, so what came under them stays readable.
   */
  setChatPhrase(input: RequestOf<'setChatPhrase'>): Promise<ChatView> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const found = this.findChat(loaded, input.chatId);
      const phrases = { ...this.openChatPhrases(loaded, unlocked) };
      let chat: ChatRecord;
      if (input.phrase === undefined) {
        chat = { ...found, phrase: 'master' };
      } else {
        const own = cleanPhrase(input.phrase);
        const earlier = Object.hasOwn(phrases, found.id) ? (phrases[found.id] ?? []) : [];
        phrases[found.id] = [...earlier.filter((p) => p !== own), own];
        chat = { ...found, phrase: 'own' };
      }
      const catalog = { ...loaded.catalog, chats: loaded.catalog.chats.map((c) => (c.id === chat.id ? chat : c)) };
      const chatPhrases = this.sealChatPhrases(unlocked, phrases);
      const next = { ...loaded, catalog, chatPhrases };
      await this.commit({ [LOCAL_KEYS.catalog]: catalog, [LOCAL_KEYS.chatPhrases]: chatPhrases }, next);
      this.scheduleWarmUp();
      return this.chatView(next, chat);
    });
  }

  /**
   * Shows a chat's own phrase — only to someone who types the profile's phrase again (checked
   * against the slow verifier, and counted as an attempt like an unlock).
   * @throws {VaultError} `wrong-phrase`, `throttled`, `not-found`, `invalid-input` (no own phrase)
   */
  revealChatPhrase(input: { chatId: string; masterPhrase: string }): Promise<{ phrase: string }> {
    return this.queue.run(async () => {
      const { loaded, unlocked, profile } = await this.requireUnlocked();
      const chat = this.findChat(loaded, input.chatId);
      if (chat.phrase !== 'own') throw new VaultError('invalid-input', 'This chat uses your profile phrase; it has none of its own.');
      this.assertNotThrottled(loaded);
      const keys = await derivePhraseKeys(input.masterPhrase.trim(), profile.kdf);
      keys.wrapKey.fill(0);
      if (!verifierMatches(keys, profile.verifier)) return this.failedAttempt('That is not your profile phrase.');
      await this.clearFailures();
      return { phrase: this.currentPhrase(loaded, unlocked, chat) };
    });
  }

  /** The invite text of a chat: its id, name, seed suffix, format and phrase kind — not the phrase. */
  async chatInvite(input: { chatId: string }): Promise<{ invite: string }> {
    const { loaded } = await this.requireUnlocked();
    const chat = this.findChat(loaded, input.chatId);
    try {
      return {
        invite: createInvite({ chatId: chat.wireId ?? chat.id, name: chat.name, seedSuffix: chat.seedSuffix, format: chat.format, phrase: chat.phrase }),
      };
    } catch (error) {
      if (error instanceof InviteError) throw new VaultError('invalid-input', error.message);
      throw error;
    }
  }

  /**
   * Creates the chat an invite describes. Its id is the invite's when free here (CLM pointers name
   * chats by id); otherwise it gets the next id and keeps the invite's for pointers. Without
   * `phrase`, the chat uses the profile's (for a group that shares it).
   * @throws {VaultError} `invalid-input` for an unreadable invite, or a chat already added
   */
  addChatFromInvite(input: RequestOf<'addChatFromInvite'>): Promise<ChatView> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      let invite;
      try {
        invite = parseInvite(input.invite);
      } catch (error) {
        if (error instanceof InviteError) throw new VaultError('invalid-input', error.message);
        throw error;
      }
      if (invite.phrase === 'own' && input.phrase === undefined) {
        throw new VaultError('invalid-input', 'This chat has a phrase of its own: enter the phrase its members gave you.');
      }
      // The same chat: same id on the wire, same suffix and the same secret (a chat 3 of one's own
      // group and someone else's chat 3 are different chats).
      const phrase = input.phrase === undefined ? undefined : cleanPhrase(input.phrase);
      const same = loaded.catalog.chats.find(
        (c) =>
          (c.wireId ?? c.id) === invite.chatId &&
          c.seedSuffix === invite.seedSuffix &&
          (phrase === undefined ? c.phrase === 'master' : c.phrase === 'own' && this.currentPhrase(loaded, unlocked, c) === phrase),
      );
      if (same) throw new VaultError('invalid-input', `You already have this chat: “${same.name}”.`);
      const taken = loaded.catalog.chats.some((c) => c.id === invite.chatId || c.wireId === invite.chatId);
      const id = taken ? nextChatId(loaded.catalog.chats.flatMap((c) => (c.wireId === undefined ? [c.id] : [c.id, c.wireId]))) : invite.chatId;
      return this.addChat(loaded, unlocked, {
        id,
        ...(id !== invite.chatId && { wireId: invite.chatId }),
        name: invite.name,
        seedSuffix: invite.seedSuffix,
        format: invite.format,
        phrase: input.phrase,
      });
    });
  }

  renameChat(input: { chatId: string; name: string }): Promise<ChatView> {
    return this.queue.run(async () => {
      const { loaded } = await this.requireUnlocked();
      const chat = { ...this.findChat(loaded, input.chatId), name: cleanChatName(input.name) };
      const catalog = { ...loaded.catalog, chats: loaded.catalog.chats.map((c) => (c.id === chat.id ? chat : c)) };
      const next = { ...loaded, catalog };
      await this.commit({ [LOCAL_KEYS.catalog]: catalog }, next);
      return this.chatView(next, chat);
    });
  }

  /** Changes how a chat's new messages are sent; messages already sent keep their format. */
  setChatFormat(input: { chatId: string; format: ChatFormat }): Promise<ChatView> {
    return this.queue.run(async () => {
      const { loaded } = await this.requireUnlocked();
      const chat = { ...this.findChat(loaded, input.chatId), format: input.format };
      const catalog = { ...loaded.catalog, chats: loaded.catalog.chats.map((c) => (c.id === chat.id ? chat : c)) };
      const next = { ...loaded, catalog };
      await this.commit({ [LOCAL_KEYS.catalog]: catalog }, next);
      return this.chatView(next, chat);
    });
  }

  /**
   * Removes every message that `matches` (trash included), re-sealing each bucket it touches;
   * returns what to write (in one `set`) and the state after.
   * @throws {VaultError} `corrupt-storage` if a touched bucket cannot be opened
   */
  private withoutMessages(
    loaded: Loaded,
    unlocked: Unlocked,
    matches: (r: MessageRecord) => boolean,
  ): { items: Record<string, unknown>; buckets: Map<number, BucketRecord>; removed: number[]; sealed: Map<number, readonly MessageSecret[]> } {
    const changes = new Map<number, { messages: MessageRecord[]; secrets: MessageSecret[] }>();
    const removed: number[] = [];
    for (const [n, bucket] of loaded.buckets) {
      if (!bucket.messages.some(matches)) continue;
      const secrets = this.openBucket(n, bucket, unlocked);
      const keep = bucket.messages.map((m) => !matches(m));
      for (const m of bucket.messages) if (matches(m)) removed.push(m.id);
      changes.set(n, {
        messages: bucket.messages.filter((_, i) => keep[i]),
        secrets: secrets.filter((_, i) => keep[i]),
      });
    }
    return { ...this.sealBuckets(loaded, unlocked, changes), removed };
  }

  /** Deletes every message of a chat (CLM's "clear history": permanent, the trash included). */
  clearChatHistory(input: { chatId: string }): Promise<ChatView> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const chat = this.findChat(loaded, input.chatId);
      const { items, buckets, sealed } = this.withoutMessages(loaded, unlocked, (r) => r.chatId === chat.id);
      const next = { ...loaded, buckets };
      await this.commit(items, next);
      this.remember(next, sealed);
      return this.chatView(next, chat);
    });
  }

  /** Deletes a chat and all its messages, in one write. */
  deleteChat(input: { chatId: string }): Promise<{ deletedMessages: number }> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const chat = this.findChat(loaded, input.chatId);
      const { items, buckets, removed, sealed } = this.withoutMessages(loaded, unlocked, (r) => r.chatId === chat.id);
      const catalog = { ...loaded.catalog, chats: loaded.catalog.chats.filter((c) => c.id !== chat.id) };
      let chatPhrases = loaded.chatPhrases;
      const extra: Record<string, unknown> = {};
      const phrases = this.openChatPhrases(loaded, unlocked);
      if (Object.hasOwn(phrases, chat.id)) {
        const { [chat.id]: _dropped, ...rest } = phrases;
        chatPhrases = this.sealChatPhrases(unlocked, rest);
        extra[LOCAL_KEYS.chatPhrases] = chatPhrases;
      }
      const next = { ...loaded, catalog, buckets, chatPhrases };
      await this.commit({ ...items, ...extra, [LOCAL_KEYS.catalog]: catalog }, next);
      this.remember(next, sealed);
      return { deletedMessages: removed.length };
    });
  }

  // ---------------------------------------------------------------------------------------
  // Messages

  /** The texts of a bucket's messages, in order, or undefined if its box cannot be opened. */
  private tryOpenBucket(n: number, bucket: BucketRecord, unlocked: Unlocked): readonly MessageSecret[] | undefined {
    const cached = this.opened.get(n);
    if (cached?.box === bucket.box) return cached.secrets;
    const key = unlocked.historyKeys.get(bucket.gen);
    const json = key && openText(key, bucket.box, bucketAad(n, bucket.gen, bucket.messages));
    if (json === undefined) return undefined;
    let secrets: readonly MessageSecret[];
    try {
      secrets = checkBucketSecrets(JSON.parse(json), 'bucket');
    } catch {
      return undefined;
    }
    if (secrets.length !== bucket.messages.length) return undefined;
    this.opened.set(n, { box: bucket.box, secrets });
    return secrets;
  }

  /**
   * Like {@link tryOpenBucket}, for changes: a bucket that cannot be opened is not rewritten.
   * @throws {VaultError} `corrupt-storage`
   */
  private openBucket(n: number, bucket: BucketRecord, unlocked: Unlocked): readonly MessageSecret[] {
    const secrets = this.tryOpenBucket(n, bucket, unlocked);
    if (!secrets) {
      throw new VaultError('corrupt-storage', 'Some stored messages are damaged and cannot be decrypted, so they were left untouched.');
    }
    return secrets;
  }

  /** Seals changed buckets under the current key; returns what to write and the buckets after. */
  private sealBuckets(
    loaded: Loaded,
    unlocked: Unlocked,
    changes: ReadonlyMap<number, { messages: readonly MessageRecord[]; secrets: readonly MessageSecret[] }>,
  ): { items: Record<string, unknown>; buckets: Map<number, BucketRecord>; sealed: Map<number, readonly MessageSecret[]> } {
    const gen = unlocked.currentGeneration;
    const key = unlocked.historyKeys.get(gen);
    if (!key) throw new VaultError('corrupt-storage', 'The current history key is missing.');
    const items: Record<string, unknown> = {};
    const buckets = new Map(loaded.buckets);
    const sealed = new Map<number, readonly MessageSecret[]>();
    for (const [n, { messages, secrets }] of changes) {
      const bucket: BucketRecord = {
        gen,
        messages: [...messages],
        box: sealText(key, JSON.stringify(secrets), bucketAad(n, gen, messages), this.random),
      };
      items[`${LOCAL_KEYS.bucketPrefix}${n}`] = bucket;
      buckets.set(n, bucket);
      sealed.set(n, secrets);
    }
    return { items, buckets, sealed };
  }

  /** After a successful write: keeps the texts just sealed, so they need not be opened again. */
  private remember(next: Loaded, sealed: ReadonlyMap<number, readonly MessageSecret[]>): void {
    for (const [n, secrets] of sealed) {
      const bucket = next.buckets.get(n);
      if (bucket) this.opened.set(n, { box: bucket.box, secrets });
    }
  }

  /** A message's view; one in a box that cannot be opened is shown as damaged rather than hidden. */
  private messageView(loaded: Loaded, unlocked: Unlocked, record: MessageRecord): MessageView {
    const n = bucketNumber(record.id);
    const bucket = loaded.buckets.get(n);
    const secrets = bucket && this.tryOpenBucket(n, bucket, unlocked);
    const secret = secrets?.[bucket?.messages.findIndex((m) => m.id === record.id) ?? -1] ?? {
      sender: '',
      text: '[This message is damaged and cannot be decrypted.]',
      pointer: '',
    };
    const chat = loaded.catalog.chats.find((c) => c.id === record.chatId);
    return {
      id: record.id,
      chatId: record.chatId,
      chatName: chat?.name ?? `Chat ${record.chatId}`,
      kind: record.kind,
      sender: secret.sender,
      text: secret.text,
      epoch: record.epoch,
      savedAt: record.savedAt,
      trashed: record.trashedAt !== null,
      pointer: secret.pointer,
      format: secret.format ?? 'clm',
      integrityProtected: secret.format === 'sealed',
    };
  }

  /** Appends a message in one write: the id counter and its bucket, re-sealed, together. */
  private async append(
    loaded: Loaded,
    unlocked: Unlocked,
    fields: Pick<MessageRecord, 'chatId' | 'kind' | 'epoch'>,
    secret: MessageSecret,
  ): Promise<{ next: Loaded; record: MessageRecord }> {
    const id = loaded.catalog.nextMessageId;
    const record: MessageRecord = { id, ...fields, savedAt: this.now(), trashedAt: null };
    const n = bucketNumber(id);
    const bucket = loaded.buckets.get(n);
    const before = bucket ? this.openBucket(n, bucket, unlocked) : [];
    const { items, buckets, sealed } = this.sealBuckets(
      loaded,
      unlocked,
      new Map([[n, { messages: [...(bucket?.messages ?? []), record], secrets: [...before, secret] }]]),
    );
    const catalog = { ...loaded.catalog, nextMessageId: id + 1 };
    const next = { ...loaded, catalog, buckets };
    await this.commit({ ...items, [LOCAL_KEYS.catalog]: catalog }, next);
    this.remember(next, sealed);
    return { next, record };
  }

  /**
   * Encrypts `text` for the chat in its format and saves it as sent. CLM 2.0.1 chats: the epoch
   * is the current second, or the next second not yet used by a message under the same seed
   * suffix, so a keystream is never used twice. Sealed chats: the current second and a random
   * nonce.
   * @throws {VaultError} `locked`, `not-found`, `invalid-input`, `message-too-long`, storage errors
   */
  send(input: { chatId: string; text: string }): Promise<{ message: MessageView; pointer: string }> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const chat = this.findChat(loaded, input.chatId);
      // CLM strips what is typed and refuses an empty message.
      const text = input.text.trim();
      if (text === '') throw new VaultError('invalid-input', 'Write a message first.');
      let epoch = Math.floor(this.now() / 1000);
      let pointer: string;
      try {
        const phrase = this.currentPhrase(loaded, unlocked, chat);
        const wireId = chat.wireId ?? chat.id;
        if (chat.format === 'sealed') {
          const chatKey = await this.chatKeyOf(unlocked, phrase, chat.seedSuffix);
          pointer = createSealedPointer({ chatKey, username: unlocked.username, chatId: wireId, epoch, text, random: this.random });
        } else {
          const used = new Set<number>();
          const suffixOf = new Map(loaded.catalog.chats.map((c) => [c.id, c.seedSuffix]));
          for (const r of this.records(loaded)) {
            if ((suffixOf.get(r.chatId) ?? defaultSeedSuffix(r.chatId)) === chat.seedSuffix) used.add(r.epoch);
          }
          while (used.has(epoch)) epoch++;
          pointer = createPointer({ phrase, username: unlocked.username, chatId: wireId, seedSuffix: chat.seedSuffix, epoch, text });
        }
      } catch (error) {
        if (error instanceof ClmInputError && error.code === 'message-too-long') {
          throw new VaultError('message-too-long', error.message);
        }
        throw error;
      }
      const { next, record } = await this.append(loaded, unlocked, { chatId: chat.id, kind: 'sent', epoch }, {
        sender: unlocked.username,
        text,
        pointer,
        ...(chat.format === 'sealed' && { format: 'sealed' as const }),
      });
      return { message: this.messageView(next, unlocked, record), pointer };
    });
  }

  /**
   * Opens a pointer of either format with whichever secret can. A CLM 2.0.1 pointer names its chat:
   * that chat's phrases are tried (then chats that know it by that id), or, for an id with no
   * chat, the profile's phrase with CLM's `chat_<id>` suffix. A sealed pointer is tried against
   * every chat's key — the chat it names first — and lands in the chat whose key opens it: ids
   * may differ between two people's lists, and a tag that verifies leaves no doubt.
   */
  private async openAny(loaded: Loaded, unlocked: Unlocked, pointer: string) {
    const chats = loaded.catalog.chats;
    const named = (c: string) => [...chats.filter((x) => x.id === c), ...chats.filter((x) => x.id !== c && x.wireId === c)];
    if (pointerFormat(pointer) === 'clm') {
      const parsed = parsePointer(pointer);
      const canonical = canonicalPointer(parsed.chatId, parsed.epoch, parsed.data);
      const candidates = named(parsed.chatId);
      const tries: { chatId: string; phrase: string; seedSuffix: string }[] =
        candidates.length > 0
          ? candidates.flatMap((c) => this.candidatePhrases(loaded, unlocked, c).map((phrase) => ({ chatId: c.id, phrase, seedSuffix: c.seedSuffix })))
          : [{ chatId: parsed.chatId, phrase: unlocked.phrase, seedSuffix: seedSuffixForChat(chats, parsed.chatId) }];
      let failure: unknown;
      for (const t of tries) {
        try {
          const found = openParsedPointer(parsed, t.phrase, t.seedSuffix);
          return { found, chatId: t.chatId, format: 'clm' as const, canonical };
        } catch (error) {
          failure = error;
        }
      }
      throw failure;
    }
    const parsed = parseSealedPointer(pointer);
    const first = named(parsed.chatId);
    const ordered = [...first, ...chats.filter((c) => !first.includes(c))];
    const tries = ordered.flatMap((c) => this.candidatePhrases(loaded, unlocked, c).map((phrase) => ({ chatId: c.id, phrase, seedSuffix: c.seedSuffix })));
    if (first.length === 0) tries.push({ chatId: parsed.chatId, phrase: unlocked.phrase, seedSuffix: defaultSeedSuffix(parsed.chatId) });
    for (const t of tries) {
      try {
        const found = openSealedPointer(parsed, await this.chatKeyOf(unlocked, t.phrase, t.seedSuffix));
        return { found, chatId: t.chatId, format: 'sealed' as const, canonical: parsed.canonical };
      } catch {
        // not this chat's key
      }
    }
    throw new PointerError(
      'not-for-this-phrase',
      'No chat of yours can read this sealed pointer: it is altered or not for this phrase (nor for the phrase of any of your chats).',
    );
  }

  /**
   * Discovers a pointer (CLM 2.0.1 or sealed) with the unlocked phrase and saves it as received.
   * The same pointer twice is one message (whatever spacing or case it was pasted with): the
   * second time, the saved message is returned with `duplicate: true`.
   * @throws {VaultError} `locked`, `bad-pointer` (with `pointerCode`), storage errors
   */
  discover(input: { pointer: string }): Promise<{ message: MessageView; duplicate: boolean }> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      let opened;
      try {
        opened = await this.openAny(loaded, unlocked, input.pointer);
      } catch (error) {
        if (error instanceof PointerError) throw new VaultError('bad-pointer', error.message, { pointerCode: error.code });
        throw error;
      }
      const { found, chatId, format, canonical } = opened;
      // Only messages of the same chat and second can be the same pointer: open just their buckets.
      for (const record of this.records(loaded)) {
        if (record.chatId !== chatId || record.epoch !== found.epoch) continue;
        const view = this.messageView(loaded, unlocked, record);
        if (view.pointer === canonical) return { message: view, duplicate: true };
      }
      const { next, record } = await this.append(loaded, unlocked, { chatId, kind: 'received', epoch: found.epoch }, {
        sender: found.sender,
        text: found.text,
        pointer: canonical,
        ...(format === 'sealed' && { format: 'sealed' as const }),
      });
      return { message: this.messageView(next, unlocked, record), duplicate: false };
    });
  }

  /** History: all, by chat, by text (case-insensitive, sender and text), the trash, paged. */
  async listMessages(input: RequestOf<'listMessages'>): Promise<MessagePage> {
    const { loaded, unlocked } = await this.requireUnlocked();
    const trashed = input.trashed ?? false;
    const query = input.query?.trim().toLowerCase() ?? '';
    // Filter and sort on what is stored in the clear; open boxes only where the text matters.
    const records: MessageRecord[] = [];
    for (const [n, bucket] of loaded.buckets) {
      const secrets = query === '' ? undefined : this.tryOpenBucket(n, bucket, unlocked);
      bucket.messages.forEach((r, i) => {
        if ((r.trashedAt !== null) !== trashed) return;
        if (input.chatId !== undefined && r.chatId !== input.chatId) return;
        if (query !== '') {
          const secret = secrets?.[i];
          if (!secret || !`${secret.sender}: ${secret.text}`.toLowerCase().includes(query)) return;
        }
        records.push(r);
      });
    }
    records.sort(compareMessages);
    if ((input.order ?? 'newest-first') === 'newest-first') records.reverse();
    const offset = input.offset ?? 0;
    const limit = input.limit ?? 50;
    return {
      total: records.length,
      messages: records.slice(offset, offset + limit).map((r) => this.messageView(loaded, unlocked, r)),
    };
  }

  private findRecord(loaded: Loaded, id: number): MessageRecord {
    const record = loaded.buckets.get(bucketNumber(id))?.messages.find((m) => m.id === id);
    if (!record) throw new VaultError('not-found', `There is no message #${id}.`);
    return record;
  }

  async getMessage(input: { id: number }): Promise<MessageView> {
    const { loaded, unlocked } = await this.requireUnlocked();
    return this.messageView(loaded, unlocked, this.findRecord(loaded, input.id));
  }

  private setTrashed(id: number, trashed: boolean): Promise<MessageView> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const record = { ...this.findRecord(loaded, id), trashedAt: trashed ? this.now() : null };
      const n = bucketNumber(id);
      const bucket = loaded.buckets.get(n);
      if (!bucket) throw new VaultError('not-found', `There is no message #${id}.`);
      const secrets = this.openBucket(n, bucket, unlocked);
      const { items, buckets, sealed } = this.sealBuckets(
        loaded,
        unlocked,
        new Map([[n, { messages: bucket.messages.map((m) => (m.id === id ? record : m)), secrets }]]),
      );
      const next = { ...loaded, buckets };
      await this.commit(items, next);
      this.remember(next, sealed);
      return this.messageView(next, unlocked, record);
    });
  }

  /** Moves a message to the trash. */
  trashMessage(input: { id: number }): Promise<MessageView> {
    return this.setTrashed(input.id, true);
  }

  /** Takes a message out of the trash. */
  restoreMessage(input: { id: number }): Promise<MessageView> {
    return this.setTrashed(input.id, false);
  }

  /** Deletes one message for good. */
  deleteMessageForever(input: { id: number }): Promise<{ id: number }> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      this.findRecord(loaded, input.id);
      const { items, buckets, sealed } = this.withoutMessages(loaded, unlocked, (r) => r.id === input.id);
      const next = { ...loaded, buckets };
      await this.commit(items, next);
      this.remember(next, sealed);
      return { id: input.id };
    });
  }

  /** Deletes every message in the trash for good, in one write. */
  emptyTrash(): Promise<{ deletedMessages: number }> {
    return this.queue.run(async () => {
      const { loaded, unlocked } = await this.requireUnlocked();
      const { items, buckets, removed, sealed } = this.withoutMessages(loaded, unlocked, (r) => r.trashedAt !== null);
      if (removed.length > 0) {
        const next = { ...loaded, buckets };
        await this.commit(items, next);
        this.remember(next, sealed);
      }
      return { deletedMessages: removed.length };
    });
  }
}

/** CLM chat ids sort as numbers when they are numbers (as CLM's menus do), else as text, after. */
function compareChatIds(a: string, b: string): number {
  const na = /^[0-9]+$/.test(a);
  const nb = /^[0-9]+$/.test(b);
  if (na && nb) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A pointer as CLM prints it: the same pointer pasted with other spacing or case maps here. */
function canonicalPointer(chatId: string, epoch: number, data: Uint8Array): string {
  return `{"c": ${pythonJsonString(chatId)}, "e": ${epoch}, "d": "${bytesToHex(data)}"}`;
}
