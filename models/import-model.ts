/**
 * The "Import and backup" page: moving in from CLM 2.0.1 (read its database, preview, import),
 * backing the profile up to a file, and restoring one. Each step is asked of the background; the
 * page only reads the chosen file and saves the backup it is given.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { ClmDatabase } from '../lib/clm/database.ts';
import type { Api, BackupPreviewView, BackupResultView, ClmImportPlanView, ClmImportResultView, RequestOf } from '../lib/wire/protocol.ts';
import { runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

/** CLM's database as the page read it. */
type ClmImportData = RequestOf<'importClm'>['database'];

/** What the page needs from outside the models: reading CLM's SQLite file, saving a file. */
export interface ImportDeps {
  /** Reads CLM's database; rejects with a sentence for a person when the file is not one. */
  readonly readDatabase: (bytes: Uint8Array) => Promise<ClmDatabase>;
  readonly saveFile: (fileName: string, text: string) => void;
  /** The profile was made or changed (the session's state must be read again). */
  readonly onProfileChanged: () => Promise<void>;
}

export interface ClmImportModel {
  readonly fileName: ReadonlySignal<string | null>;
  /** Rows of the file that are not what CLM writes (never imported). */
  readonly unreadableRows: ReadonlySignal<number>;
  readonly plan: ReadonlySignal<ClmImportPlanView | null>;
  readonly result: ReadonlySignal<ClmImportResultView | null>;
  readonly busy: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<string | null>;
  /** Reads a chosen file; the preview and result of an earlier one are dropped. */
  readonly choose: (fileName: string, bytes: Uint8Array) => Promise<void>;
  /** `phrase`: only on the first run, to make the profile with. */
  readonly preview: (phrase?: string) => Promise<boolean>;
  readonly importNow: (phrase?: string) => Promise<boolean>;
}

export interface BackupModel {
  readonly busy: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<string | null>;
  readonly saved: ReadonlySignal<{ readonly fileName: string; readonly messages: number } | null>;
  readonly exportNow: (phrase: string) => Promise<boolean>;
}

export interface RestoreModel {
  readonly fileName: ReadonlySignal<string | null>;
  readonly preview: ReadonlySignal<BackupPreviewView | null>;
  readonly result: ReadonlySignal<BackupResultView | null>;
  readonly busy: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<string | null>;
  readonly choose: (fileName: string, text: string) => void;
  readonly check: (phrase: string) => Promise<boolean>;
  readonly restore: (phrase: string) => Promise<boolean>;
}

export interface ImportModel {
  readonly clm: ClmImportModel;
  readonly backup: BackupModel;
  readonly restore: RestoreModel;
}

function createClmImportModel(api: Api, deps: ImportDeps): ClmImportModel {
  const fileName = signal<string | null>(null);
  const unreadableRows = signal(0);
  const plan = signal<ClmImportPlanView | null>(null);
  const result = signal<ClmImportResultView | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);
  let database: ClmImportData | null = null;
  const noFile = () => t('error_no_clm_file');
  return {
    fileName,
    unreadableRows,
    plan,
    result,
    busy,
    error,
    async choose(name, bytes) {
      database = null;
      plan.value = null;
      result.value = null;
      unreadableRows.value = 0;
      fileName.value = name;
      const read = await runAction({ busy, error }, () => deps.readDatabase(bytes), t('error_not_clm_db'));
      if (!read.ok) return;
      const { username, publicKey, chats, rows, malformed } = read.value;
      database = { username, publicKey, chats: [...chats], rows: [...rows] };
      unreadableRows.value = malformed.length;
    },
    async preview(phrase) {
      const data = database;
      if (!data) {
        error.value = noFile();
        return false;
      }
      result.value = null;
      const done = await runAction({ busy, error }, () => api('previewClmImport', { database: data, ...(phrase !== undefined && { phrase }) }));
      plan.value = done.ok ? done.value : null;
      return done.ok;
    },
    async importNow(phrase) {
      const data = database;
      if (!data) {
        error.value = noFile();
        return false;
      }
      const done = await runAction({ busy, error }, () => api('importClm', { database: data, ...(phrase !== undefined && { phrase }) }));
      if (!done.ok) return false;
      result.value = done.value.result;
      plan.value = null;
      await deps.onProfileChanged();
      return true;
    },
  };
}

function createBackupModel(api: Api, deps: ImportDeps): BackupModel {
  const busy = signal(false);
  const error = signal<string | null>(null);
  const saved = signal<{ fileName: string; messages: number } | null>(null);
  return {
    busy,
    error,
    saved,
    async exportNow(phrase) {
      saved.value = null;
      const done = await runAction({ busy, error }, () => api('exportBackup', { phrase }));
      if (!done.ok) return false;
      deps.saveFile(done.value.fileName, done.value.file);
      saved.value = { fileName: done.value.fileName, messages: done.value.messages };
      return true;
    },
  };
}

function createRestoreModel(api: Api, deps: ImportDeps): RestoreModel {
  const fileName = signal<string | null>(null);
  const preview = signal<BackupPreviewView | null>(null);
  const result = signal<BackupResultView | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);
  let file: string | null = null;
  const noFile = () => t('error_no_backup_file');
  return {
    fileName,
    preview,
    result,
    busy,
    error,
    choose(name, text) {
      file = text;
      fileName.value = name;
      preview.value = null;
      result.value = null;
      error.value = null;
    },
    async check(phrase) {
      const chosen = file;
      if (chosen === null) {
        error.value = noFile();
        return false;
      }
      const done = await runAction({ busy, error }, () => api('previewBackup', { file: chosen, phrase }));
      preview.value = done.ok ? done.value : null;
      return done.ok;
    },
    async restore(phrase) {
      const chosen = file;
      if (chosen === null) {
        error.value = noFile();
        return false;
      }
      const done = await runAction({ busy, error }, () => api('restoreBackup', { file: chosen, phrase }));
      if (!done.ok) return false;
      result.value = done.value.result;
      preview.value = null;
      await deps.onProfileChanged();
      return true;
    },
  };
}

export function createImportModel(api: Api, deps: ImportDeps): ImportModel {
  return { clm: createClmImportModel(api, deps), backup: createBackupModel(api, deps), restore: createRestoreModel(api, deps) };
}
