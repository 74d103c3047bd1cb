/**
 * The vault: the profile, the lock, chats and history, over injected storage. A thin facade: it
 * wires the parts and runs every operation that writes through one serial queue (two popups
 * sending at once cannot interleave their writes). Lock is not queued: it takes effect at once,
 * and work under way stops at its next step.
 *
 * The parts, one file each: store.ts (storage.local records and migrations), session.ts (the
 * unlocked session and its agreement with the profile), auth.ts (setup, unlock), verify.ts (the
 * profile phrase check and its delay), phrase-change.ts, upgrade.ts (from schema 3),
 * chat-secrets.ts, catalog.ts, resolve.ts (which chat and secret open a pointer), messages.ts,
 * views.ts, and history/ (sealed buckets per chat, directories, the store interface).
 *
 * Rules it keeps:
 * - The phrase and message plaintext are written only to the session area (memory only) and held
 *   in memory while unlocked; `storage.local` and the history store see verifiers, wrapped keys
 *   and sealed records.
 * - Every write is one transaction of all it changes, made after the new state is computed; the
 *   in-memory copy changes only once the write succeeded. Multi-step operations are ordered so
 *   that a stop between any two writes loses nothing.
 * @module
 */
import type { AutoLockMinutes, ChatFormat } from '../wire/limits.ts';
import type { StorageArea } from '../storage/area.ts';
import { DEFAULT_CHATS } from '../clm/format.ts';
import type { BackupPreviewView, BackupResultView, ChatView, ClmImportPlanView, ClmImportResultView, DiscoveryResultView, LockState, MessagePage, MessageView, ProfileView, SentView, StatusView } from '../wire/views.ts';
import { setupProfile, unlockProfile } from './auth.ts';
import * as catalog from './catalog.ts';
import * as contacts from './contacts.ts';
import * as clmImport from './clm-import.ts';
import type { ClmImportData } from './clm-import.ts';
import * as transfer from './transfer.ts';
import { ChatSecrets } from './chat-secrets.ts';
import { type KdfCost, requireUnlocked, type VaultContext } from './context.ts';
import { VaultError } from './errors.ts';
import { cleanPhrase } from './input.ts';
import { History } from './history/history.ts';
import type { HistoryStore } from './history/store.ts';
import { DEFAULT_KDF_COST, type RandomBytes, secureRandomBytes } from './keys.ts';
import * as messages from './messages.ts';
import { changePhrase } from './phrase-change.ts';
import { openProfileSecrets } from './profile-secrets.ts';
import { LOCAL_KEYS, type Migration } from './schema.ts';
import { SerialQueue } from '../storage/serial-queue.ts';
import { Sessions } from './session.ts';
import { LocalStore } from './store.ts';

export interface VaultOptions {
  readonly local: StorageArea;
  readonly session: StorageArea;
  readonly history: HistoryStore;
  readonly now?: () => number;
  readonly random?: RandomBytes;
  /** scrypt cost for new profiles and phrase changes (tests use a small one). */
  readonly kdfCost?: KdfCost;
  /**
   * Told whenever the lock state changed (toolbar icon, auto-lock alarm); awaited, so the icon
   * agrees with the answer the page gets. Its failures are not the operation's.
   */
  readonly onLockStateChange?: (state: LockState) => void | Promise<void>;
  readonly migrations?: Readonly<Record<number, Migration>>;
  readonly schemaVersion?: number;
  /** Lets other work run during long work (default: the next macrotask). */
  readonly pause?: () => Promise<void>;
  /** Awaited between the writes of multi-write operations; the e2e test build stops the worker there. */
  readonly checkpoint?: (name: string) => Promise<void>;
}

export class Vault {
  private readonly ctx: VaultContext;
  private readonly queue = new SerialQueue();

  constructor(options: VaultOptions) {
    const listener = options.onLockStateChange ?? (() => undefined);
    const random = options.random ?? secureRandomBytes;
    const now = options.now ?? Date.now;
    const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    const secrets = new ChatSecrets();
    // Forgetting the session empties every cache that holds plaintext (history is made below,
    // before anything can lock).
    const sessions = new Sessions(options.session, () => {
      history.forget();
      secrets.forget();
    });
    const history = new History(options.history, {
      random,
      pause,
      now,
      assertCurrent: (keys) => {
        sessions.assertCurrent(keys);
      },
    });
    this.ctx = {
      local: new LocalStore(options.local, { ...(options.migrations && { migrations: options.migrations }), ...(options.schemaVersion !== undefined && { schemaVersion: options.schemaVersion }) }),
      sessions,
      history,
      secrets,
      now,
      random,
      kdfCost: options.kdfCost ?? DEFAULT_KDF_COST,
      pause,
      checkpoint: options.checkpoint ?? (() => Promise.resolve()),
      notify: async (state) => {
        try {
          await listener(state);
        } catch {
          // The toolbar icon failing to update must not undo a lock or an unlock.
        }
      },
    };
  }

  private write<T>(task: (ctx: VaultContext) => Promise<T>): Promise<T> {
    return this.queue.run(() => task(this.ctx));
  }

  // -------------------------------------------------------------------------------------------
  // Profile and lock

  /** Whether there is a profile and whether it is unlocked. Reads no history. */
  async status(): Promise<StatusView> {
    const head = await this.ctx.local.head();
    if (!head.profile) return { state: 'no-profile', username: null };
    if (await this.ctx.sessions.restore(head.profile)) return { state: 'unlocked', username: head.profile.username };
    const wait = head.throttle.notBefore - this.ctx.now();
    return { state: 'locked', username: head.profile.username, ...(wait > 0 && { retryAfterMs: wait }) };
  }

  setup(input: { username: string; phrase: string; confirmPhrase: string; defaultChatNames?: readonly string[] | undefined }): Promise<StatusView> {
    return this.write((ctx) => setupProfile(ctx, input));
  }

  unlock(input: { phrase: string }): Promise<StatusView> {
    return this.write((ctx) => unlockProfile(ctx, input));
  }

  /** Locks at once: forgets the phrase and keys, here and in `storage.session`. Not queued. */
  async lock(): Promise<StatusView> {
    await this.ctx.sessions.end();
    const head = await this.ctx.local.head();
    const state: LockState = head.profile ? 'locked' : 'no-profile';
    await this.ctx.notify(state);
    return { state, username: head.profile?.username ?? null };
  }

  changePhrase(input: { currentPhrase: string; newPhrase: string; confirmPhrase: string }): Promise<StatusView> {
    return this.write((ctx) => changePhrase(ctx, input));
  }

  /** The profile as the settings screen shows it (unlocked only: the public key is sealed). */
  async profile(): Promise<ProfileView> {
    const { head, profile, unlocked } = await requireUnlocked(this.ctx);
    const { clmPublicKey } = openProfileSecrets(profile.sealed ?? '', unlocked.history.keys.get(profile.historyKeys.current));
    return {
      username: profile.username,
      clmPublicKey,
      createdAt: profile.createdAt,
      autoLockMinutes: head.settings.autoLockMinutes,
      chatNamesWhenLocked: head.settings.chatNamesWhenLocked,
      kdf: { name: profile.kdf.name, N: profile.kdf.N, r: profile.kdf.r, p: profile.kdf.p },
    };
  }

  /** The auto-lock setting (readable while locked: it is not secret). */
  async autoLockMinutes(): Promise<AutoLockMinutes> {
    return (await this.ctx.local.head()).settings.autoLockMinutes;
  }

  private setSettings(change: (s: { autoLockMinutes: AutoLockMinutes; chatNamesWhenLocked: boolean }) => { autoLockMinutes: AutoLockMinutes; chatNamesWhenLocked: boolean }): Promise<ProfileView> {
    return this.write(async (ctx) => {
      const { head } = await requireUnlocked(ctx);
      const settings = change(head.settings);
      await ctx.local.commit({ [LOCAL_KEYS.settings]: settings }, { ...head, settings });
      return this.profile();
    });
  }

  setAutoLock(input: { minutes: AutoLockMinutes }): Promise<ProfileView> {
    return this.setSettings((s) => ({ ...s, autoLockMinutes: input.minutes }));
  }

  setChatNamesWhenLocked(input: { show: boolean }): Promise<ProfileView> {
    return this.setSettings((s) => ({ ...s, chatNamesWhenLocked: input.show }));
  }

  /**
   * Deletes everything: history, `storage.local` and `storage.session`. Allowed while locked, so
   * a person who forgot the phrase can start again; the typed word is the safeguard.
   * @throws {VaultError} `confirmation-required` unless `confirmation` is exactly "DELETE"
   */
  deleteProfile(input: { confirmation: string }): Promise<StatusView> {
    return this.write(async (ctx) => {
      if (input.confirmation !== 'DELETE') throw new VaultError('confirmation-required', 'Type DELETE (in capitals) to delete the profile and every message.');
      await ctx.sessions.end();
      await ctx.history.clear();
      await ctx.local.clear();
      await ctx.notify('no-profile');
      return { state: 'no-profile', username: null };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Chats

  listChats(): Promise<ChatView[]> {
    return catalog.listChats(this.ctx);
  }

  listChatNames(): Promise<{ names: string[] | null }> {
    return catalog.listChatNames(this.ctx);
  }

  createChat(input: { name: string; seedSuffix?: string | undefined; format?: ChatFormat | undefined; phrase?: string | undefined; clmId?: string | undefined }): Promise<ChatView> {
    return this.write((ctx) => catalog.createChat(ctx, { ...input, format: input.format ?? 'sealed' }));
  }

  addChatFromInvite(input: { invite: string; phrase?: string | undefined }): Promise<ChatView> {
    return this.write((ctx) => catalog.addChatFromInvite(ctx, input));
  }

  addChatForPointer(input: { clmId: string; name: string; seedSuffix?: string | undefined; phrase?: string | undefined }): Promise<{ chat: ChatView; moved: number }> {
    return this.write((ctx) => catalog.addChatForPointer(ctx, input));
  }

  renameChat(input: { chatId: string; name: string }): Promise<ChatView> {
    return this.write((ctx) => catalog.renameChat(ctx, input));
  }

  setChatFormat(input: { chatId: string; format: ChatFormat }): Promise<ChatView> {
    return this.write((ctx) => catalog.setChatFormat(ctx, input));
  }

  setChatClmId(input: { chatId: string; clmId: string }): Promise<ChatView> {
    return this.write((ctx) => catalog.setChatClmId(ctx, input));
  }

  setChatPhrase(input: { chatId: string; phrase?: string | undefined }): Promise<ChatView> {
    return this.write((ctx) => catalog.setChatPhrase(ctx, input));
  }

  revealChatPhrase(input: { chatId: string; masterPhrase: string }): Promise<{ phrase: string }> {
    return this.write((ctx) => catalog.revealChatPhrase(ctx, input));
  }

  chatInvite(input: { chatId: string }): Promise<{ invite: string }> {
    return catalog.chatInvite(this.ctx, input);
  }

  clearChatHistory(input: { chatId: string }): Promise<ChatView> {
    return this.write((ctx) => catalog.clearChatHistory(ctx, input));
  }

  deleteChat(input: { chatId: string }): Promise<{ deletedMessages: number }> {
    return this.write((ctx) => catalog.deleteChat(ctx, input));
  }

  // -------------------------------------------------------------------------------------------
  // Moving in from CLM

  /** What importing a CLM database would do (first run: with the phrase to make the profile with). */
  async previewClmImport(input: { database: ClmImportData; phrase?: string | undefined }): Promise<ClmImportPlanView> {
    const head = await this.ctx.local.head();
    if (head.profile) {
      const ready = await requireUnlocked(this.ctx);
      return clmImport.previewClmImport(this.ctx, { phrase: ready.unlocked.phrase, chats: ready.head.catalog.chats, ready }, input.database);
    }
    if (input.phrase === undefined) throw new VaultError('invalid-input', 'Enter the phrase this CLM database was made with.');
    const chats = DEFAULT_CHATS.map((c, serial) => ({ ...c, createdAt: 0, format: 'clm' as const, phrase: 'master' as const, serial }));
    return clmImport.previewClmImport(this.ctx, { phrase: cleanPhrase(input.phrase), chats, ready: null }, input.database);
  }

  /** Imports a CLM database; on the first run, makes the profile with its name and the phrase first. */
  importClm(input: { database: ClmImportData; phrase?: string | undefined }): Promise<{ result: ClmImportResultView; status: StatusView }> {
    return this.write(async (ctx) => {
      const head = await ctx.local.head();
      if (!head.profile) {
        if (input.phrase === undefined) throw new VaultError('invalid-input', 'Enter the phrase this CLM database was made with.');
        const phrase = cleanPhrase(input.phrase);
        // Checked before the profile is made: a wrong phrase (by the database's public key, or
        // because none of its rows opens with it) changes nothing.
        const chats = DEFAULT_CHATS.map((c, serial) => ({ ...c, createdAt: 0, format: 'clm' as const, phrase: 'master' as const, serial }));
        await clmImport.previewClmImport(ctx, { phrase, chats, ready: null }, input.database);
        await setupProfile(ctx, { username: input.database.username ?? 'me', phrase, confirmPhrase: phrase });
      }
      const result = await clmImport.importClm(ctx, await requireUnlocked(ctx), input.database);
      return { result, status: await this.status() };
    });
  }

  /** The whole profile as one file sealed under the profile phrase (asked again). */
  exportBackup(input: { phrase: string }): Promise<{ file: string; fileName: string; messages: number }> {
    // In the queue of writes: the backup's used seconds and its messages are read at one moment.
    return this.write((ctx) => transfer.exportBackup(ctx, input));
  }

  /** What a backup holds; nothing is written. */
  previewBackup(input: { file: string; phrase: string }): Promise<BackupPreviewView> {
    return transfer.previewBackup(input);
  }

  /** Restores a backup: the first run makes the profile from it, an unlocked profile merges it. */
  restoreBackup(input: { file: string; phrase: string }): Promise<{ result: BackupResultView; status: StatusView }> {
    return this.write(async (ctx) => ({ result: await transfer.restoreBackup(ctx, input), status: await this.status() }));
  }

  // -------------------------------------------------------------------------------------------
  // Contacts

  myCard(): Promise<{ card: string; name: string }> {
    return this.write((ctx) => contacts.myCard(ctx));
  }

  addContact(input: { card: string; name?: string | undefined }): Promise<ChatView> {
    return this.write((ctx) => contacts.addContact(ctx, input));
  }

  setContactVerified(input: { chatId: string; verified: boolean; safetyNumber?: string | undefined }): Promise<ChatView> {
    return this.write((ctx) => contacts.setContactVerified(ctx, input));
  }

  newIdentity(): Promise<{ card: string; name: string }> {
    return this.write((ctx) => contacts.replaceIdentity(ctx));
  }

  // -------------------------------------------------------------------------------------------
  // Messages

  send(input: { chatId: string; text: string }): Promise<SentView> {
    return this.write((ctx) => messages.send(ctx, input));
  }

  discover(input: { pointer: string }): Promise<{ message: MessageView; duplicate: boolean }> {
    return this.write((ctx) => messages.discover(ctx, input));
  }

  /** Discovers many pointers in one pass and one write; each gets its own result. */
  async discoverMany(pointers: readonly string[]): Promise<DiscoveryResultView[]> {
    const outcomes = await this.write((ctx) => messages.discoverAll(ctx, pointers));
    return outcomes.map((o, i) =>
      o.ok
        ? { pointer: pointers[i] ?? '', status: o.duplicate ? 'duplicate' : 'discovered', message: o.message }
        : { pointer: pointers[i] ?? '', status: 'failed', error: o.error, pointerCode: o.pointerCode, ...(o.unknownChatId !== undefined && { unknownChatId: o.unknownChatId }) },
    );
  }

  listMessages(input: messages.ListInput): Promise<MessagePage> {
    return messages.listMessages(this.ctx, input);
  }

  getMessage(input: { id: number }): Promise<MessageView> {
    return messages.getMessage(this.ctx, input);
  }

  trashMessage(input: { id: number }): Promise<MessageView> {
    return this.write((ctx) => messages.setTrashed(ctx, input.id, true));
  }

  restoreMessage(input: { id: number }): Promise<MessageView> {
    return this.write((ctx) => messages.setTrashed(ctx, input.id, false));
  }

  deleteMessageForever(input: { id: number }): Promise<{ id: number }> {
    return this.write((ctx) => messages.deleteMessageForever(ctx, input));
  }

  emptyTrash(): Promise<{ deletedMessages: number }> {
    return this.write((ctx) => messages.emptyTrash(ctx));
  }
}
