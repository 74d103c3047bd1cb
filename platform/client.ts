/**
 * The typed client every extension page uses to talk to the background. One function,
 * `request(type, payload)`, checked against the protocol's map at compile time.
 */
import type { PointerErrorCode } from '../lib/errors.ts';
import type { ErrorCode, ErrorView, Reply, RequestOf, RequestType, ResponseOf } from '../lib/protocol.ts';
import { sendMessage } from './runtime.ts';

/** A request the background answered with an error; `message` is for a person. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly code: ErrorCode | 'no-answer';
  /** For `throttled` / `wrong-phrase`: ms until the next unlock attempt is checked. */
  readonly retryAfterMs: number | undefined;
  /** For `bad-pointer`: which part of the pointer is wrong. */
  readonly pointerCode: PointerErrorCode | undefined;
  constructor(code: ErrorCode | 'no-answer', message: string, view?: ErrorView) {
    super(message);
    this.code = code;
    this.retryAfterMs = view?.retryAfterMs;
    this.pointerCode = view?.pointerCode;
  }
}

/** The signature of {@link request}; models take it as a parameter so they can be tested without a browser. */
export type Api = <T extends RequestType>(type: T, payload: RequestOf<T>) => Promise<ResponseOf<T>>;

/** The background answers `type` with `Reply<type>`: the map is the contract, checked here in shape only. */
function isReply<T extends RequestType>(value: unknown): value is Reply<T> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * Sends a request to the background.
 *
 * @throws {RequestError} with the background's error code and message, or `no-answer` when the
 *   background could not be reached
 */
export async function request<T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let reply: unknown;
  try {
    reply = await sendMessage({ type, payload });
  } catch {
    throw new RequestError('no-answer', 'The extension did not answer. Close this window and try again.');
  }
  if (!isReply<T>(reply)) {
    throw new RequestError('no-answer', 'The extension did not answer. Close this window and try again.');
  }
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message, reply.error);
  return reply.value;
}
