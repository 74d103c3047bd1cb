/**
 * The vault's small records in `storage.local`: read once per worker (after bringing the store to
 * the current schema version), kept in memory, and changed only through {@link LocalStore.commit},
 * which writes every changed key in one `set` — one storage transaction — and updates memory only
 * once the write succeeded. A full store or a failed write leaves both as they were.
 * @module
 */
import type { StorageArea } from '../storage/area.ts';
import { type Check, ValidationError } from '../wire/validate.ts';
import { VaultError } from './errors.ts';
import {
  type CatalogRecord,
  checkCatalog,
  checkProfile,
  checkSchema,
  checkSealedRecord,
  checkSettings,
  checkThrottle,
  DEFAULT_SETTINGS,
  LOCAL_KEYS,
  type Migration,
  MIGRATIONS,
  type ProfileRecord,
  SCHEMA_VERSION,
  type SealedRecord,
  type SettingsRecord,
  type ThrottleRecord,
} from './schema.ts';
import { storageFailure } from './storage-errors.ts';

/** Everything of `storage.local` the vault works with, parsed. */
export interface Head {
  readonly profile: ProfileRecord | null;
  readonly catalog: CatalogRecord;
  readonly settings: SettingsRecord;
  readonly throttle: ThrottleRecord;
  /** The chats' own phrases, sealed; null when no chat ever had one. */
  readonly chatSecrets: SealedRecord | null;
  /** Schema 3's chat phrases, until the first unlock upgrades them. */
  readonly legacyChatPhrases: SealedRecord | null;
}

export const EMPTY_CATALOG: CatalogRecord = { chats: [], nextSerial: 0 };
export const NO_THROTTLE: ThrottleRecord = { failures: 0, notBefore: 0 };

/**
 * A record read from storage, checked.
 * @throws {VaultError} `corrupt-storage`, naming what is wrong
 */
export function parseRecord<T>(check: Check<T>, value: unknown, what: string): T {
  try {
    return check(value, what);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new VaultError(
        'corrupt-storage',
        `This extension's stored data is damaged (${error.message}). Nothing was changed; export a backup if you can, and reinstall if it persists.`,
      );
    }
    throw error;
  }
}

/** The check of every record `head()` reads, by key. */
const RECORD_CHECKS: ReadonlyMap<string, Check<unknown>> = new Map<string, Check<unknown>>([
  [LOCAL_KEYS.profile, checkProfile],
  [LOCAL_KEYS.catalog, checkCatalog],
  [LOCAL_KEYS.settings, checkSettings],
  [LOCAL_KEYS.throttle, checkThrottle],
  [LOCAL_KEYS.chatSecrets, checkSealedRecord],
]);

export class LocalStore {
  readonly area: StorageArea;
  private readonly migrations: Readonly<Record<number, Migration>>;
  private readonly schemaVersion: number;
  private loaded: Head | null = null;
  private loading: Promise<Head> | null = null;

  constructor(area: StorageArea, options: { migrations?: Readonly<Record<number, Migration>>; schemaVersion?: number } = {}) {
    this.area = area;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.schemaVersion = options.schemaVersion ?? SCHEMA_VERSION;
  }

  /** Brings `storage.local` to the current schema version. */
  private async migrate(): Promise<void> {
    const { [LOCAL_KEYS.schema]: rawSchema, [LOCAL_KEYS.profile]: rawProfile } = await this.area.get([LOCAL_KEYS.schema, LOCAL_KEYS.profile]);
    if (rawSchema === undefined) {
      // A fresh install, or a store written before versions were recorded (none exists).
      if (rawProfile === undefined) return;
      throw new VaultError('corrupt-storage', "This extension's stored data has no version, so it cannot be read safely.");
    }
    const { version } = parseRecord(checkSchema, rawSchema, 'schema');
    if (version > this.schemaVersion) {
      throw new VaultError('corrupt-storage', 'This data was written by a newer version of the extension. Update the extension to read it.');
    }
    for (let next = version + 1; next <= this.schemaVersion; next++) {
      const migration = this.migrations[next] as Migration | undefined;
      if (!migration) throw new VaultError('corrupt-storage', `No migration to schema version ${next}.`);
      await migration(this.area);
      await this.area.set({ [LOCAL_KEYS.schema]: { version: next } });
    }
  }

  /** The records, read (and migrated) once per worker. */
  head(): Promise<Head> {
    if (this.loaded) return Promise.resolve(this.loaded);
    this.loading ??= (async () => {
      try {
        await this.migrate();
        const raw = await this.area.get([
          LOCAL_KEYS.profile,
          LOCAL_KEYS.catalog,
          LOCAL_KEYS.settings,
          LOCAL_KEYS.throttle,
          LOCAL_KEYS.chatSecrets,
          LOCAL_KEYS.legacyChatPhrases,
        ]);
        const read = <T>(key: string, check: Check<T>, fallback: T): T => (raw[key] === undefined ? fallback : parseRecord(check, raw[key], key));
        const head: Head = {
          profile: read(LOCAL_KEYS.profile, checkProfile, null),
          catalog: read(LOCAL_KEYS.catalog, checkCatalog, EMPTY_CATALOG),
          settings: read(LOCAL_KEYS.settings, checkSettings, DEFAULT_SETTINGS),
          throttle: read(LOCAL_KEYS.throttle, checkThrottle, NO_THROTTLE),
          chatSecrets: read(LOCAL_KEYS.chatSecrets, checkSealedRecord, null),
          legacyChatPhrases: read(LOCAL_KEYS.legacyChatPhrases, checkSealedRecord, null),
        };
        // A commit may have happened while this read ran; then that state is the newer one.
        this.loaded ??= head;
        return this.loaded;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /**
   * Writes `items` in one `set` (the schema version with them) and, only if that succeeds, makes
   * `next` the in-memory state.
   * @throws {VaultError} `storage-full` / `storage-failed`, with nothing changed
   */
  async commit(items: Record<string, unknown>, next: Head): Promise<void> {
    // What is written must read back: a record the next worker could not parse would lock the
    // person out of their profile. (Every caller checks its input; this is the last line.)
    for (const [key, value] of Object.entries(items)) {
      const check = RECORD_CHECKS.get(key);
      if (!check) continue;
      try {
        check(value, key);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new VaultError('invalid-input', `This change was not saved: it would store a ${key} record that cannot be read back (${error.message}). Nothing was changed.`);
      }
    }
    try {
      await this.area.set({ [LOCAL_KEYS.schema]: { version: this.schemaVersion }, ...items });
    } catch (error) {
      throw storageFailure(error);
    }
    this.loaded = next;
  }

  /** Removes keys that no record of `next` needs any more (after an upgrade moved them). */
  async drop(keys: readonly string[], next: Head): Promise<void> {
    try {
      await this.area.remove(keys);
    } catch (error) {
      throw storageFailure(error);
    }
    this.loaded = next;
  }

  /** Deletes everything (the profile is being deleted). */
  async clear(): Promise<void> {
    try {
      await this.area.clear();
    } catch (error) {
      throw storageFailure(error);
    } finally {
      this.loaded = null;
      this.loading = null;
    }
  }
}
