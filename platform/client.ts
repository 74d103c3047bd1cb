/**
 * The typed client every extension page uses to talk to the background. One function,
 * `request(type, payload)`, checked against the protocol's map at compile time — and every
 * answer checked against the same map at run time.
 */
import type { PointerErrorCode } from '../lib/clm/errors.ts';
import { checkErrorView, checkResponse, type ErrorCode, type ErrorView, ProtocolError, type RequestOf, type RequestType, type ResponseOf } from '../lib/wire/protocol.ts';
import { isPlainObject, ValidationError } from '../lib/wire/validate.ts';
import { sendMessage } from './runtime.ts';

/** A request the background answered with an error; `message` is for a person. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly code: ErrorCode | 'no-answer';
  /** For `throttled` / `wrong-phrase`: ms until the next unlock attempt is checked. */
  readonly retryAfterMs: number | undefined;
  /** For `bad-pointer`: which part of the pointer is wrong. */
  readonly pointerCode: PointerErrorCode | undefined;
  /** For `bad-pointer`: the CLM id the pointer names when no chat has it. */
  readonly unknownChatId: string | undefined;
  constructor(code: ErrorCode | 'no-answer', message: string, view?: ErrorView) {
    super(message);
    this.code = code;
    this.retryAfterMs = view?.retryAfterMs;
    this.pointerCode = view?.pointerCode;
    this.unknownChatId = view?.unknownChatId;
  }
}

export type { Api } from '../lib/wire/protocol.ts';

const NO_ANSWER = 'The extension did not answer. Close this window and try again.';

/**
 * Sends a request to the background.
 *
 * @throws {RequestError} with the background's error code and message, `invalid-reply` for an
 *   answer of the wrong shape, or `no-answer` when the background could not be reached
 */
export async function request<T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let reply: unknown;
  try {
    reply = await sendMessage({ type, payload });
  } catch {
    throw new RequestError('no-answer', NO_ANSWER);
  }
  return readReply(type, reply);
}

/** An answer of the background, checked against the protocol as every answer is. */
function readReply<T extends RequestType>(type: T, reply: unknown): ResponseOf<T> {
  if (!isPlainObject(reply) || typeof reply.ok !== 'boolean') throw new RequestError('no-answer', NO_ANSWER);
  try {
    if (reply.ok) return checkResponse(type, reply.value);
    const error = checkErrorView(reply.error, 'error');
    throw new RequestError(error.code, error.message, error);
  } catch (error) {
    if (error instanceof ProtocolError) throw new RequestError(error.code, error.message);
    if (error instanceof ValidationError) throw new RequestError('invalid-reply', `The extension answered something unexpected (${error.message}).`);
    throw error;
  }
}

/**
 * The lock state asked by `public/early-status.js` while the page's code was still loading (so a
 * stopped worker starts meanwhile), checked like any answer; undefined if it was not asked or was
 * taken already. Taken once: a later refresh asks again.
 */
export function takeEarlyStatus(): Promise<ResponseOf<'getStatus'>> | undefined {
  const holder = globalThis as { clmEarlyStatus?: unknown };
  const early = holder.clmEarlyStatus;
  delete holder.clmEarlyStatus;
  if (!(early instanceof Promise)) return undefined;
  return (early as Promise<unknown>).then(
    (reply) => readReply('getStatus', reply),
    () => {
      throw new RequestError('no-answer', NO_ANSWER);
    },
  );
}
