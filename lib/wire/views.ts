/**
 * What the background shows the extension's pages: every view, defined once as a check whose
 * type is the view's type. The background builds them; the pages' client checks every reply
 * against them (so a reply of the wrong shape is an error, not a crash three screens later).
 * @module
 */
import { POINTER_ERROR_CODES } from '../clm/errors.ts';
import { AUTO_LOCK_CHOICES, CHAT_FORMATS, PHRASE_KINDS } from './limits.ts';
import { arrayOf, boolean, type Checked, integer, nullable, object, oneOf, optional, string } from './validate.ts';

const text = string({ max: 10_000_000 });
const time = integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
const count = integer(0, Number.MAX_SAFE_INTEGER);

/** Where the vault stands. */
export const LOCK_STATES = ['no-profile', 'locked', 'unlocked'] as const;
export type LockState = (typeof LOCK_STATES)[number];

/** What every extension page may know without being unlocked. */
export const checkStatusView = object({
  state: oneOf(...LOCK_STATES),
  /** The profile's username, or null when there is no profile. */
  username: nullable(text),
  /** While locked after wrong phrases: ms until the next attempt is checked. */
  retryAfterMs: optional(count),
});
export type StatusView = Checked<typeof checkStatusView>;

export const checkProfileView = object({
  username: text,
  /** CLM 2.0.1's public key of this username and phrase, to compare with a CLM install. */
  clmPublicKey: text,
  createdAt: time,
  autoLockMinutes: oneOf(...AUTO_LOCK_CHOICES),
  /** Whether the locked screen lists the chats' names. */
  chatNamesWhenLocked: boolean,
  kdf: object({ name: oneOf('scrypt'), N: count, r: count, p: count }),
});
export type ProfileView = Checked<typeof checkProfileView>;

export const checkChatView = object({
  id: text,
  /** The chat's number in CLM: the `c` of its pointers. */
  clmId: text,
  name: text,
  seedSuffix: text,
  /** `clm`: CLM 2.0.1 pointers (talks to CLM users); `sealed`: integrity-protected pointers. */
  format: oneOf(...CHAT_FORMATS),
  /** `master`: the profile's phrase; `own`: a phrase only this chat's members know. */
  phrase: oneOf(...PHRASE_KINDS),
  /** Messages not in the trash. */
  messageCount: count,
  trashedCount: count,
  /** Epoch (ms) of the newest message not in the trash, or null. */
  lastMessageAt: nullable(time),
  /** A contact chat's safety number (the same on both sides), and whether it was compared. */
  contact: nullable(
    object({
      safetyNumber: text,
      verified: boolean,
      /** Since "New identity": the contact needs our new card before they can read what we write. */
      needsMyNewCard: boolean,
    }),
  ),
});
export type ChatView = Checked<typeof checkChatView>;

/**
 * Which secret opened a message (or sealed it): the profile phrase while the chat uses it, the
 * chat's own current phrase, a phrase the chat no longer uses, or not recorded (saved by an
 * earlier version).
 */
export const OPENED_WITH = ['profile-phrase', 'chat-phrase', 'retired-phrase', 'contact-key', 'unknown'] as const;
export type OpenedWith = (typeof OPENED_WITH)[number];

export const checkMessageView = object({
  id: integer(1, Number.MAX_SAFE_INTEGER),
  /** The chat's id here; for a stranded message, the CLM id its pointer names. */
  chatId: text,
  /** The chat's name, or CLM's "Chat <id>" for an id with no chat. */
  chatName: text,
  /** True when no chat of this profile has its CLM id: the person may add that chat. */
  stranded: boolean,
  kind: oneOf('sent', 'received'),
  sender: text,
  text,
  /** The second the pointer names (CLM's epoch). */
  epoch: time,
  /** When this browser saved it (ms). */
  savedAt: time,
  trashed: boolean,
  /** The pointer, canonical: as CLM prints it, or `CLM1:…` for a sealed one. */
  pointer: text,
  format: oneOf(...CHAT_FORMATS),
  /** False for CLM 2.0.1 pointers: anyone could have altered the text unnoticed. */
  integrityProtected: boolean,
  openedWith: oneOf(...OPENED_WITH),
});
export type MessageView = Checked<typeof checkMessageView>;

export const checkMessagePage = object({
  /** Messages matching the filter, before paging. */
  total: count,
  messages: arrayOf(checkMessageView, 10_000),
  /** Messages that could not be decrypted (damaged on disk) and so could not be shown. */
  damaged: count,
});
export type MessagePage = Checked<typeof checkMessagePage>;

const pointerCode = oneOf(...POINTER_ERROR_CODES);

/** One pointer of a "discover" and what became of it. */
export const checkDiscoveryResultView = object({
  pointer: text,
  /** `pending` while locked. */
  status: oneOf('discovered', 'duplicate', 'failed', 'pending'),
  message: optional(checkMessageView),
  /** For `failed`: why, in a sentence, and which part of the pointer. */
  error: optional(text),
  pointerCode: optional(pointerCode),
  /** For `failed`: the CLM id the pointer names, when no chat has it (the person may add it). */
  unknownChatId: optional(text),
});
export type DiscoveryResultView = Checked<typeof checkDiscoveryResultView>;

const unreadable = arrayOf(object({ reason: text, excerpt: text }), 10_000);

/** What a "discover" of pasted or selected text found. */
export const checkDiscoveryView = object({
  results: arrayOf(checkDiscoveryResultView, 10_000),
  unreadable,
  /** Not everything was read (too long, too many pointers). */
  truncated: boolean,
});
export type DiscoveryView = Checked<typeof checkDiscoveryView>;

/** What a context-menu "discover" found, for the results window. */
export const checkDiscoveryJobView = object({
  jobId: text,
  source: oneOf('selection', 'page'),
  /** The page's origin (scheme and host), never its title: a page chooses its title. */
  origin: text,
  state: oneOf(...LOCK_STATES),
  results: arrayOf(checkDiscoveryResultView, 10_000),
  unreadable,
  truncated: boolean,
  /** Why the page's text could not be read at all, or null. */
  readError: nullable(text),
});
export type DiscoveryJobView = Checked<typeof checkDiscoveryJobView>;

/** The "write a pointer here" window: which page, and the chats to write in. */
export const checkComposeJobView = object({
  jobId: text,
  /** The page's origin, never its title. */
  origin: text,
  state: oneOf(...LOCK_STATES),
  /** Empty while locked. */
  chats: arrayOf(checkChatView, 10_000),
  /** A pointer was written already: this window may write no more. */
  used: boolean,
});
export type ComposeJobView = Checked<typeof checkComposeJobView>;

/** After a send: the message, its pointer, and a warning when CLM's terminal cannot take it. */
export const checkSentView = object({
  message: checkMessageView,
  pointer: text,
  /** `clm-terminal`: a CLM-format pointer longer than a terminal line takes (CLM reads it from one). */
  warning: nullable(oneOf('clm-terminal')),
});
export type SentView = Checked<typeof checkSentView>;

/** CLM rows an import leaves out, each with why (a wrong phrase, a damaged row…). */
const refusedRows = arrayOf(object({ rowId: count, reason: text }), 1_000_000);

/** What importing a CLM 2.0.1 database would do: shown before anything is written. */
export const checkClmImportPlanView = object({
  /** The name the database was made with. */
  username: nullable(text),
  chats: arrayOf(
    object({
      clmId: text,
      name: text,
      seedSuffix: text,
      /** `existing`: one of the profile's; `new`: made by the import; `orphan`: CLM has no such chat any more. */
      status: oneOf('existing', 'new', 'orphan', 'conflict'),
      /** Messages it would gain. */
      messages: count,
    }),
    100_000,
  ),
  toImport: count,
  alreadyPresent: count,
  refused: refusedRows,
});
export type ClmImportPlanView = Checked<typeof checkClmImportPlanView>;

/** What an import did. */
export const checkClmImportResultView = object({
  imported: count,
  alreadyPresent: count,
  chatsCreated: count,
  refused: refusedRows,
});
export type ClmImportResultView = Checked<typeof checkClmImportResultView>;

/** What a backup file holds, read with the phrase it was made with (nothing written yet). */
export const checkBackupPreviewView = object({
  username: text,
  createdAt: count,
  chats: count,
  chatsWithOwnPhrase: count,
  messages: count,
});
export type BackupPreviewView = Checked<typeof checkBackupPreviewView>;

/** What a restore did. */
export const checkBackupResultView = object({
  chatsAdded: count,
  messagesAdded: count,
  alreadyPresent: count,
  /** The restore made the profile (first run) rather than merging into one. */
  madeProfile: boolean,
  /** The backup's chats not restored, and why (a clash with one of the profile's). */
  leftOut: arrayOf(object({ name: text, reason: text }), 1000),
});
export type BackupResultView = Checked<typeof checkBackupResultView>;
