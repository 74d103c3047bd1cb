/**
 * The whole popup ↔ background protocol: one map from request type to the check of its payload
 * and the check of its answer, the reply envelope, and the error codes. The background checks
 * every request against it before any handler runs; the pages' client checks every answer.
 * Pure: no browser import.
 * @module
 */
import { MAX_POINTER_CHARS, POINTER_ERROR_CODES } from '../clm/errors.ts';
import { AUTO_LOCK_CHOICES, CHAT_FORMATS, CLM_ROW_LIMITS, LIMITS } from './limits.ts';
import { LibError } from '../errors.ts';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { arrayOf, boolean, type Check, type Checked, integer, isPlainObject, nullable, object, oneOf, optional, string, ValidationError } from './validate.ts';
import {
  checkBackupPreviewView,
  checkBackupResultView,
  checkChatView,
  checkClmImportPlanView,
  checkClmImportResultView,
  checkComposeJobView,
  checkDiscoveryJobView,
  checkDiscoveryView,
  checkMessagePage,
  checkMessageView,
  checkProfileView,
  checkSentView,
  checkStatusView,
} from './views.ts';

export type {
  BackupPreviewView,
  BackupResultView,
  ChatView,
  ClmImportPlanView,
  ClmImportResultView,
  ComposeJobView,
  DiscoveryJobView,
  DiscoveryResultView,
  DiscoveryView,
  LockState,
  MessagePage,
  MessageView,
  OpenedWith,
  ProfileView,
  SentView,
  StatusView,
} from './views.ts';

const chatId = string({ min: 1, max: LIMITS.chatId });
const clmId = string({ min: 1, max: LIMITS.chatId, singleLine: true });
const messageId = integer(1, Number.MAX_SAFE_INTEGER);
const phrase = string({ min: 1, max: LIMITS.phrase });
/** With a new phrase: the person said "use it anyway" to a weak one (the background refuses it otherwise). */
const weakPhraseAccepted = optional(boolean);
const chatName = string({ min: 1, max: LIMITS.chatName, singleLine: true });
const seedSuffix = string({ max: LIMITS.seedSuffix, singleLine: true });
const none = object({});
const jobId = string({ min: 32, max: 32 });
const count = integer(0, Number.MAX_SAFE_INTEGER);
const text = string({ max: 10_000_000 });
/** A backup file as text. Extension messages carry at most 64 MiB; the file must fit in one. */
const backupFile = string({ min: 1, max: 60_000_000 });

/** What the import page read from CLM 2.0.1's database (lib/clm/database.ts). */
const clmDatabase = object({
  username: nullable(string({ max: LIMITS.username })),
  publicKey: nullable(string({ max: 200 })),
  chats: arrayOf(object({ id: string({ min: 1, max: LIMITS.chatId }), name: string({ max: LIMITS.chatName }), seedSuffix: string({ max: LIMITS.seedSuffix }) }), 100_000),
  rows: arrayOf(
    object({
      id: count,
      type: oneOf('sent', 'received'),
      chatId: string({ max: LIMITS.chatId }),
      epoch: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      message: string({ max: CLM_ROW_LIMITS.message }),
      payload: string({ max: CLM_ROW_LIMITS.payload }),
      deleted: boolean,
    }),
    1_000_000,
  ),
});

/**
 * Request type → the check of its payload and the check of its answer. A request type cannot
 * exist without both; the client, the router and the handlers are all typed from this map.
 */
const PROTOCOL = {
  getStatus: { request: none, response: checkStatusView },
  setupProfile: {
    /** `defaultChatNames`: CLM's three chats named in the person's language (CLM's English names if absent). */
    request: object({ username: string({ min: 1, max: LIMITS.username }), phrase, confirmPhrase: phrase, weakPhraseAccepted, defaultChatNames: optional(arrayOf(chatName, 3)) }), response: checkStatusView },
  unlock: { request: object({ phrase }), response: checkStatusView },
  lock: { request: none, response: checkStatusView },
  getProfile: { request: none, response: checkProfileView },
  changePhrase: { request: object({ currentPhrase: phrase, newPhrase: phrase, confirmPhrase: phrase, weakPhraseAccepted }), response: checkStatusView },
  deleteProfile: { request: object({ confirmation: string({ max: 20 }) }), response: checkStatusView },
  setAutoLock: { request: object({ minutes: oneOf(...AUTO_LOCK_CHOICES) }), response: checkProfileView },
  setChatNamesWhenLocked: { request: object({ show: boolean }), response: checkProfileView },
  /** Unlocked only: every chat with its counts. */
  listChats: { request: none, response: arrayOf(checkChatView, LIMITS.chats) },
  /** Also while locked: the chats' names if the person chose to see them there, else null. */
  listChatNames: { request: none, response: object({ names: nullable(arrayOf(text, LIMITS.chats)) }) },
  createChat: {
    request: object({
      name: chatName,
      seedSuffix: optional(seedSuffix),
      format: optional(oneOf(...CHAT_FORMATS)),
      /** A phrase only this chat's members know; absent: the profile's. */
      phrase: optional(phrase),
      weakPhraseAccepted,
      /** The number the chat has in CLM; absent: CLM's next number. */
      clmId: optional(clmId),
    }),
    response: checkChatView,
  },
  renameChat: { request: object({ chatId, name: chatName }), response: checkChatView },
  setChatFormat: { request: object({ chatId, format: oneOf(...CHAT_FORMATS) }), response: checkChatView },
  setChatClmId: { request: object({ chatId, clmId }), response: checkChatView },
  /** A new phrase of its own for the chat; absent: go back to the profile's phrase. */
  setChatPhrase: { request: object({ chatId, phrase: optional(phrase), weakPhraseAccepted }), response: checkChatView },
  revealChatPhrase: { request: object({ chatId, masterPhrase: phrase }), response: object({ phrase: text }) },
  getChatInvite: { request: object({ chatId }), response: object({ invite: text }) },
  addChatFromInvite: { request: object({ invite: string({ min: 1, max: 20_000 }), phrase: optional(phrase) }), response: checkChatView },
  /** Adds the chat a pointer names (by its CLM id); its stranded messages move into it. */
  addChatForPointer: {
    request: object({ clmId, name: chatName, seedSuffix: optional(seedSuffix), phrase: optional(phrase) }),
    response: object({ chat: checkChatView, moved: count }),
  },
  clearChatHistory: { request: object({ chatId }), response: checkChatView },
  deleteChat: { request: object({ chatId }), response: object({ deletedMessages: count }) },
  sendMessage: { request: object({ chatId, text: string({ min: 1, max: MAX_POINTER_CHARS }) }), response: checkSentView },
  discoverPointer: {
    request: object({ pointer: string({ min: 1, max: MAX_POINTER_CHARS * 2 }) }),
    response: object({ message: checkMessageView, duplicate: boolean }),
  },
  /** Every pointer in pasted text, found as the menus find them, each discovered. */
  discoverText: { request: object({ text: string({ min: 1, max: 2_000_000 }) }), response: checkDiscoveryView },
  listMessages: {
    request: object({
      chatId: optional(chatId),
      query: optional(string({ max: LIMITS.query })),
      trashed: optional(boolean),
      order: optional(oneOf('newest-first', 'oldest-first')),
      offset: optional(count),
      limit: optional(integer(1, 500)),
    }),
    response: checkMessagePage,
  },
  getMessage: { request: object({ id: messageId }), response: checkMessageView },
  trashMessage: { request: object({ id: messageId }), response: checkMessageView },
  restoreMessage: { request: object({ id: messageId }), response: checkMessageView },
  deleteMessageForever: { request: object({ id: messageId }), response: object({ id: messageId }) },
  emptyTrash: { request: none, response: object({ deletedMessages: count }) },
  /** What importing a CLM database would do. Without a profile (first run): with the phrase to make one with. */
  previewClmImport: { request: object({ database: clmDatabase, phrase: optional(phrase) }), response: checkClmImportPlanView },
  /** Imports a CLM database; without a profile, first makes one with its name and `phrase`. */
  importClm: { request: object({ database: clmDatabase, phrase: optional(phrase) }), response: object({ result: checkClmImportResultView, status: checkStatusView }) },
  /** The whole profile as one encrypted file; asks for the profile phrase again. */
  exportBackup: { request: object({ phrase }), response: object({ file: backupFile, fileName: string({ min: 1, max: 100 }), messages: count }) },
  /** What a backup holds, read with its phrase; nothing is written. */
  previewBackup: { request: object({ file: backupFile, phrase }), response: checkBackupPreviewView },
  /** Restores a backup: makes the profile on the first run, merges into an unlocked one. */
  restoreBackup: { request: object({ file: backupFile, phrase }), response: object({ result: checkBackupResultView, status: checkStatusView }) },
  /** This profile's contact card (public: safe to post anywhere). */
  getMyCard: { request: none, response: object({ card: text, name: text }) },
  /** Adds a contact from their card: a chat whose key the two cards agree. */
  addContact: { request: object({ card: string({ min: 1, max: 20_000 }), name: optional(chatName) }), response: checkChatView },
  /** Marks a contact chat's safety number as compared in person (or not). */
  /** `safetyNumber`: the number the person compared (required to mark verified; refused if it changed since). */
  setContactVerified: { request: object({ chatId, verified: boolean, safetyNumber: optional(string({ max: 200 })) }), response: checkChatView },
  /** A new key pair: contacts need the new card; old pointers stay readable. */
  newIdentity: { request: none, response: object({ card: text, name: text }) },
  getDiscoveryJob: { request: object({ jobId }), response: checkDiscoveryJobView },
  getComposeJob: { request: object({ jobId }), response: checkComposeJobView },
  writePointerIntoPage: {
    request: object({ jobId, chatId, text: string({ min: 1, max: MAX_POINTER_CHARS }) }),
    response: object({
      pointer: text,
      message: checkMessageView,
      inserted: boolean,
      /** Why the pointer could not be put into the page (it is in history; copy it), or null. */
      problem: nullable(text),
    }),
  },
} as const satisfies Readonly<Record<string, { readonly request: Check<object>; readonly response: Check<unknown> }>>;

type Protocol = typeof PROTOCOL;
export type RequestType = keyof Protocol;
export type RequestOf<T extends RequestType> = Checked<Protocol[T]['request']>;
export type ResponseOf<T extends RequestType> = Checked<Protocol[T]['response']>;

/**
 * The checks as mapped types, so that indexing with a generic `T` keeps `T`: the router and the
 * client then need no cast between a request type and its payload or answer. (Building the
 * mapped view from the map is the one place a type is asserted.)
 */
const REQUESTS: { readonly [T in RequestType]: Check<RequestOf<T>> } = Object.fromEntries(
  Object.entries(PROTOCOL).map(([type, pair]) => [type, pair.request]),
) as { readonly [T in RequestType]: Check<RequestOf<T>> };
const RESPONSES: { readonly [T in RequestType]: Check<ResponseOf<T>> } = Object.fromEntries(
  Object.entries(PROTOCOL).map(([type, pair]) => [type, pair.response]),
) as { readonly [T in RequestType]: Check<ResponseOf<T>> };

/**
 * Why a request failed: the protocol's own codes and the vault's. Each comes with a message
 * meant for a person; the code is for the UI to decide what to offer next.
 */
export { ERROR_CODES, type ErrorCode } from './errors.ts';

/** The error part of a reply; checked by the pages like every answer. */
export const checkErrorView = object({
  code: oneOf(...ERROR_CODES),
  message: string({ max: 10_000 }),
  /** For `throttled` / `wrong-phrase`: when the next unlock attempt will be checked. */
  retryAfterMs: optional(count),
  /** For `bad-pointer`: which part of the pointer is wrong. */
  pointerCode: optional(oneOf(...POINTER_ERROR_CODES)),
  /** For `bad-pointer`: the CLM id the pointer names, when no chat of the profile has it. */
  unknownChatId: optional(string({ max: LIMITS.chatId })),
});
export type ErrorView = Checked<typeof checkErrorView>;

/**
 * What every page calls to ask the background something (platform/client.ts's `request`).
 * Models take it as a parameter, so they can be tested without a browser.
 */
export type Api = <T extends RequestType>(type: T, payload: RequestOf<T>) => Promise<ResponseOf<T>>;

/** The reply envelope: a value or an error, never a thrown exception across the wire. */
export type Reply<T extends RequestType> = { readonly ok: true; readonly value: ResponseOf<T> } | { readonly ok: false; readonly error: ErrorView };

/** A request the background refuses before any handler runs, or an answer a page refuses. */
export class ProtocolError extends LibError<ErrorCode> {
  override readonly name = 'ProtocolError';
}

/** Whether `type` names a request of the protocol. */
export function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(PROTOCOL, type);
}

/** Every request type, in the map's order. */
export const REQUEST_TYPES: readonly RequestType[] = Object.keys(PROTOCOL).filter(isRequestType);

/**
 * Checks a raw message's envelope and type.
 * @throws {ProtocolError} `invalid-request` for a malformed envelope, `unknown-request` for a
 *   type outside the map
 */
export function parseEnvelope(raw: unknown): { readonly type: RequestType; readonly payload: unknown } {
  if (!isPlainObject(raw)) throw new ProtocolError('invalid-request', 'A request must be an object.');
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && key !== 'payload') throw new ProtocolError('invalid-request', `Unexpected field "${key}".`);
  }
  const { type, payload } = raw;
  if (!isRequestType(type)) throw new ProtocolError('unknown-request', `Unknown request type ${JSON.stringify(String(type)).slice(0, 80)}.`);
  return { type, payload: payload ?? {} };
}

/**
 * The payload of a request of type `type`, checked field by field.
 * @throws {ProtocolError} `invalid-request`, naming the field
 */
export function checkPayload<T extends RequestType>(type: T, payload: unknown): RequestOf<T> {
  try {
    return REQUESTS[type](payload, 'payload');
  } catch (error) {
    if (error instanceof ValidationError) throw new ProtocolError('invalid-request', `Invalid request: ${error.message}.`);
    throw error;
  }
}

/**
 * Checks a raw message and returns its type and validated payload.
 * @throws {ProtocolError} as {@link parseEnvelope} and {@link checkPayload}
 */
export function parseRequest(raw: unknown): { readonly type: RequestType; readonly payload: RequestOf<RequestType> } {
  const { type, payload } = parseEnvelope(raw);
  return { type, payload: checkPayload(type, payload) };
}

/**
 * The answer to a request of type `type`, checked against the map.
 * @throws {ProtocolError} `invalid-reply`, naming the field
 */
export function checkResponse<T extends RequestType>(type: T, value: unknown): ResponseOf<T> {
  try {
    return RESPONSES[type](value, 'reply');
  } catch (error) {
    if (error instanceof ValidationError) throw new ProtocolError('invalid-reply', `The extension answered something unexpected (${error.message}).`);
    throw error;
  }
}

