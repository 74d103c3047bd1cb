/**
 * The whole popup ↔ background protocol: one map from request type to its payload check and its
 * response, the reply envelope, the error codes, and the checks the background applies to every
 * message before any handler runs. Pure: no browser import.
 * @module
 */
import { MAX_POINTER_CHARS, type PointerErrorCode } from './errors.ts';
import { AUTO_LOCK_CHOICES, type AutoLockMinutes, CHAT_FORMATS, type ChatFormat, LIMITS } from './vault/schema.ts';
import type { VaultErrorCode } from './vault/errors.ts';
import {
  boolean,
  type Check,
  type Checked,
  integer,
  isPlainObject,
  object,
  oneOf,
  optional,
  string,
  ValidationError,
} from './validate.ts';

/** Where the vault stands. */
export type LockState = 'no-profile' | 'locked' | 'unlocked';

/** What every extension page may know without being unlocked. */
export interface StatusView {
  readonly state: LockState;
  /** The profile's username, or null when there is no profile. */
  readonly username: string | null;
  /** While locked after wrong phrases: ms until the next attempt is checked (absent otherwise). */
  readonly retryAfterMs?: number;
}

export interface ProfileView {
  readonly username: string;
  /** CLM 2.0.1's public key of this username and phrase, to compare with a CLM install. */
  readonly clmPublicKey: string;
  readonly createdAt: number;
  readonly autoLockMinutes: AutoLockMinutes;
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number };
}

export interface ChatView {
  readonly id: string;
  readonly name: string;
  readonly seedSuffix: string;
  /** `clm`: CLM 2.0.1 pointers (talks to CLM users); `sealed`: integrity-protected pointers. */
  readonly format: ChatFormat;
  /** `master`: the profile's phrase; `own`: a phrase only this chat's members know. */
  readonly phrase: 'master' | 'own';
  /** Messages not in the trash. */
  readonly messageCount: number;
  readonly trashedCount: number;
  /** Epoch (ms) of the newest message not in the trash, or null. */
  readonly lastMessageAt: number | null;
}

export interface MessageView {
  readonly id: number;
  readonly chatId: string;
  /** The chat's name, or CLM's "Chat <id>" for an id with no chat. */
  readonly chatName: string;
  readonly kind: 'sent' | 'received';
  readonly sender: string;
  readonly text: string;
  /** The second the pointer names (CLM's epoch). */
  readonly epoch: number;
  /** When this browser saved it (ms). */
  readonly savedAt: number;
  readonly trashed: boolean;
  /** The pointer, canonical: as CLM prints it, or `CLM1:…` for a sealed one. */
  readonly pointer: string;
  readonly format: ChatFormat;
  /** False for CLM 2.0.1 pointers: anyone could have altered the text unnoticed. */
  readonly integrityProtected: boolean;
}

/** One pointer of a "discover" job and what became of it. */
export interface DiscoveryResultView {
  readonly pointer: string;
  /** `pending` while locked. */
  readonly status: 'discovered' | 'duplicate' | 'failed' | 'pending';
  readonly message?: MessageView;
  /** For `failed`: why, in a sentence, and which part of the pointer. */
  readonly error?: string;
  readonly pointerCode?: string;
}

/** What a context-menu "discover" found, for the results window. */
export interface DiscoveryJobView {
  readonly jobId: string;
  readonly source: 'selection' | 'page';
  readonly pageTitle: string;
  readonly state: LockState;
  readonly results: readonly DiscoveryResultView[];
  readonly unreadable: readonly { readonly reason: string; readonly excerpt: string }[];
  readonly truncated: boolean;
  /** Why the page's text could not be read at all, or null. */
  readonly readError: string | null;
}

/** The "write a pointer here" window: which page, and the chats to write in. */
export interface ComposeJobView {
  readonly jobId: string;
  readonly pageTitle: string;
  readonly state: LockState;
  /** Empty while locked. */
  readonly chats: readonly ChatView[];
}

export interface MessagePage {
  /** Messages matching the filter, before paging. */
  readonly total: number;
  readonly messages: readonly MessageView[];
}

const chatId = string({ min: 1, max: LIMITS.chatId });
const messageId = integer(1, Number.MAX_SAFE_INTEGER);
const phrase = string({ min: 1, max: LIMITS.phrase });
const none = object({});
const jobId = string({ min: 32, max: 32 });

/** Request type → what the background answers. With {@link PAYLOADS}, the whole protocol. */
export interface ResponseMap {
  getStatus: StatusView;
  setupProfile: StatusView;
  unlock: StatusView;
  lock: StatusView;
  getProfile: ProfileView;
  changePhrase: StatusView;
  deleteProfile: StatusView;
  setAutoLock: ProfileView;
  listChats: readonly ChatView[];
  createChat: ChatView;
  renameChat: ChatView;
  setChatFormat: ChatView;
  setChatPhrase: ChatView;
  revealChatPhrase: { readonly phrase: string };
  getChatInvite: { readonly invite: string };
  addChatFromInvite: ChatView;
  clearChatHistory: ChatView;
  deleteChat: { readonly deletedMessages: number };
  sendMessage: { readonly message: MessageView; readonly pointer: string };
  discoverPointer: { readonly message: MessageView; readonly duplicate: boolean };
  listMessages: MessagePage;
  getMessage: MessageView;
  trashMessage: MessageView;
  restoreMessage: MessageView;
  deleteMessageForever: { readonly id: number };
  emptyTrash: { readonly deletedMessages: number };
  getDiscoveryJob: DiscoveryJobView;
  getComposeJob: ComposeJobView;
  writePointerIntoPage: {
    readonly pointer: string;
    readonly message: MessageView;
    readonly inserted: boolean;
    /** Why the pointer could not be put into the page (it is in history; copy it), or null. */
    readonly problem: string | null;
  };
}

/**
 * Request type → the check of its payload. `satisfies` ties it to {@link ResponseMap}: a request
 * type cannot exist without both, and the client and the handlers are typed from the pair.
 */
const PAYLOADS = {
  getStatus: none,
  setupProfile: object({ username: string({ min: 1, max: LIMITS.username }), phrase, confirmPhrase: phrase }),
  unlock: object({ phrase }),
  lock: none,
  getProfile: none,
  changePhrase: object({ currentPhrase: phrase, newPhrase: phrase, confirmPhrase: phrase }),
  deleteProfile: object({ confirmation: string({ max: 20 }) }),
  setAutoLock: object({ minutes: oneOf(...AUTO_LOCK_CHOICES) }),
  listChats: none,
  createChat: object({
    name: string({ min: 1, max: LIMITS.chatName, singleLine: true }),
    seedSuffix: optional(string({ max: LIMITS.seedSuffix, singleLine: true })),
    format: optional(oneOf(...CHAT_FORMATS)),
    /** A phrase only this chat's members know; absent: the profile's. */
    phrase: optional(phrase),
  }),
  setChatFormat: object({ chatId, format: oneOf(...CHAT_FORMATS) }),
  /** A new phrase of its own for the chat; absent: go back to the profile's phrase. */
  setChatPhrase: object({ chatId, phrase: optional(phrase) }),
  revealChatPhrase: object({ chatId, masterPhrase: phrase }),
  getChatInvite: object({ chatId }),
  addChatFromInvite: object({ invite: string({ min: 1, max: 2000 }), phrase: optional(phrase) }),
  renameChat: object({ chatId, name: string({ min: 1, max: LIMITS.chatName, singleLine: true }) }),
  clearChatHistory: object({ chatId }),
  deleteChat: object({ chatId }),
  sendMessage: object({ chatId, text: string({ min: 1, max: MAX_POINTER_CHARS }) }),
  discoverPointer: object({ pointer: string({ min: 1, max: MAX_POINTER_CHARS * 2 }) }),
  listMessages: object({
    chatId: optional(chatId),
    query: optional(string({ max: LIMITS.query })),
    trashed: optional(boolean),
    order: optional(oneOf('newest-first', 'oldest-first')),
    offset: optional(integer(0, Number.MAX_SAFE_INTEGER)),
    limit: optional(integer(1, 500)),
  }),
  getMessage: object({ id: messageId }),
  trashMessage: object({ id: messageId }),
  restoreMessage: object({ id: messageId }),
  deleteMessageForever: object({ id: messageId }),
  emptyTrash: none,
  getDiscoveryJob: object({ jobId }),
  getComposeJob: object({ jobId }),
  writePointerIntoPage: object({ jobId, chatId, text: string({ min: 1, max: MAX_POINTER_CHARS }) }),
} satisfies { readonly [T in keyof ResponseMap]: Check<object> };

type Payloads = typeof PAYLOADS;
export type RequestType = keyof ResponseMap;
export type RequestOf<T extends RequestType> = Checked<Payloads[T]>;
export type ResponseOf<T extends RequestType> = ResponseMap[T];

/** A request as it travels: `{ type, payload }`. */
export type RequestEnvelope = {
  [T in RequestType]: { readonly type: T; readonly payload: RequestOf<T> };
}[RequestType];

/**
 * Why a request failed: the protocol's own codes and the vault's. Each comes with a message
 * meant for a person; the code is for the UI to decide what to offer next.
 */
export type ErrorCode = 'unknown-request' | 'invalid-request' | 'internal' | VaultErrorCode;

export interface ErrorView {
  readonly code: ErrorCode;
  readonly message: string;
  /** For `throttled` / `wrong-phrase`: when the next unlock attempt will be checked. */
  readonly retryAfterMs?: number;
  /** For `bad-pointer`: which part of the pointer is wrong. */
  readonly pointerCode?: PointerErrorCode;
}

/** The reply envelope: a value or an error, never a thrown exception across the wire. */
export type Reply<T extends RequestType> =
  | { readonly ok: true; readonly value: ResponseOf<T> }
  | { readonly ok: false; readonly error: ErrorView };

/** A request the background refuses before any handler runs. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Whether `type` names a request of the protocol. */
export function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(PAYLOADS, type);
}

/**
 * Checks a raw message and returns it as a typed request with validated fields.
 *
 * @throws {ProtocolError} `unknown-request` for a type outside the map, `invalid-request` for a
 *   malformed envelope or field (the message names the field)
 */
export function parseRequest(raw: unknown): RequestEnvelope {
  if (!isPlainObject(raw)) throw new ProtocolError('invalid-request', 'A request must be an object.');
  const { type, payload } = raw;
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && key !== 'payload') throw new ProtocolError('invalid-request', `Unexpected field "${key}".`);
  }
  if (!isRequestType(type)) {
    throw new ProtocolError('unknown-request', `Unknown request type ${JSON.stringify(String(type)).slice(0, 80)}.`);
  }
  try {
    const check: Check<unknown> = PAYLOADS[type];
    return { type, payload: check(payload ?? {}, 'payload') } as RequestEnvelope;
  } catch (error) {
    if (error instanceof ValidationError) throw new ProtocolError('invalid-request', `Invalid request: ${error.message}.`);
    throw error;
  }
}

/** What the browser tells the background about who sent a message. */
export interface MessageSenderInfo {
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly origin?: string | undefined;
}

/** This extension's identity, as the background sees it. */
export interface ExtensionIdentity {
  readonly id: string;
  /** e.g. `chrome-extension://<id>` */
  readonly origin: string;
}

/**
 * `scheme://host` of a URL. Not `URL.origin`: for non-web schemes such as `chrome-extension:`
 * that is the opaque "null" outside Chrome, which would make every extension URL look alike.
 */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return undefined;
  }
}

/**
 * True only for this extension's own pages (popup, options, extension tabs). A content script
 * carries our id but the web page's URL and origin, so it is refused; so is anything else.
 * Where the browser reports `origin`, it must agree with `url`.
 */
export function isExtensionPageSender(sender: MessageSenderInfo, self: ExtensionIdentity): boolean {
  if (sender.id !== self.id) return false;
  const urlOrigin = originOf(sender.url);
  if (urlOrigin !== self.origin) return false;
  if (sender.origin !== undefined && sender.origin !== self.origin) return false;
  return true;
}
