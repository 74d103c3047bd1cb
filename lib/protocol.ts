/**
 * The whole popup ↔ background protocol: one map from request type to request and response
 * shapes, the reply envelope, the error codes, and the checks the background applies to every
 * message before any handler runs. Pure: no browser import.
 * @module
 */

/** Where the vault stands. */
export type LockState = 'no-profile' | 'locked' | 'unlocked';

/** What every extension page may know about the vault without being unlocked. */
export interface StatusView {
  readonly state: LockState;
  /** The profile's username, or null when there is no profile. */
  readonly username: string | null;
}

/** Request type → request payload and response value. The single source of truth. */
export interface RequestMap {
  getStatus: { request: Record<string, never>; response: StatusView };
}

export type RequestType = keyof RequestMap;
export type RequestOf<T extends RequestType> = RequestMap[T]['request'];
export type ResponseOf<T extends RequestType> = RequestMap[T]['response'];

/** A request as it travels: `{ type, payload }`. */
export type RequestEnvelope = {
  [T in RequestType]: { readonly type: T; readonly payload: RequestOf<T> };
}[RequestType];

/**
 * Why a request failed. Each has a message meant for a person; the code is for the UI to decide
 * what to offer next (e.g. `locked` → show the unlock screen).
 */
export type ErrorCode = 'unknown-request' | 'invalid-request' | 'internal';

export interface ErrorView {
  readonly code: ErrorCode;
  readonly message: string;
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

type Validator<T> = (payload: unknown) => T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Checks that `payload` is an object with exactly `allowed` keys (no more, any subset). */
function objectWithKeys(payload: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(payload)) throw new ProtocolError('invalid-request', 'The request payload must be an object.');
  for (const key of Object.keys(payload)) {
    if (!allowed.includes(key)) throw new ProtocolError('invalid-request', `Unexpected field "${key}".`);
  }
  return payload;
}

const noFields: Validator<Record<string, never>> = (payload) => {
  objectWithKeys(payload ?? {}, []);
  return {};
};

/** One validator per request type: a new type cannot be added without one. */
const VALIDATORS: { readonly [T in RequestType]: Validator<RequestOf<T>> } = {
  getStatus: noFields,
};

/** Whether `type` names a request of the protocol. */
export function isRequestType(type: unknown): type is RequestType {
  return typeof type === 'string' && Object.hasOwn(VALIDATORS, type);
}

/**
 * Checks a raw message and returns it as a typed request with validated fields.
 *
 * @throws {ProtocolError} `unknown-request` for a type outside the map, `invalid-request` for a
 *   malformed envelope or field
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
  const validate = VALIDATORS[type] as Validator<unknown>;
  return { type, payload: validate(payload) } as RequestEnvelope;
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
