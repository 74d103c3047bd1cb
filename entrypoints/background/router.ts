/**
 * Turns a raw runtime message into a handler call and a reply: sender check first, then the
 * protocol's validation, then exactly one handler. Errors become `{ ok: false, error }` replies
 * with a human message; nothing from an unexpected error's text crosses the wire or reaches a log.
 */
import { checkPayload, type ErrorView, parseEnvelope, ProtocolError, type Reply, type RequestOf, type RequestType, type ResponseOf } from '../../lib/wire/protocol.ts';
import { type ExtensionIdentity, isExtensionPageSender, type MessageSenderInfo } from '../../lib/wire/sender.ts';
import { JobNotFoundError } from '../../lib/jobs/job-store.ts';
import { VaultError } from '../../lib/vault/errors.ts';

/** One handler per request type: a new type cannot be added without its handler. */
export type Handlers = {
  readonly [T in RequestType]: (payload: RequestOf<T>) => Promise<ResponseOf<T>>;
};

function toErrorView(error: unknown): ErrorView {
  if (error instanceof ProtocolError || error instanceof JobNotFoundError) return { code: error.code, message: error.message };
  if (error instanceof VaultError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
      ...(error.pointerCode !== undefined && { pointerCode: error.pointerCode }),
      ...(error.unknownChatId !== undefined && { unknownChatId: error.unknownChatId }),
    };
  }
  // Only the error's kind is logged: an unexpected error's text could quote user data.
  console.error('CLM background: unexpected error', error instanceof Error ? error.name : typeof error);
  return { code: 'internal', message: 'Something went wrong inside the extension. Nothing was changed; please try again.' };
}

/** Checks the payload of a request of type `T` and runs its handler: typed end to end, no casts. */
function dispatch<T extends RequestType>(handlers: Handlers, type: T, payload: unknown): Promise<ResponseOf<T>> {
  return handlers[type](checkPayload(type, payload));
}

export interface RouterOptions {
  /** Called after each request from an extension page (auto-lock counts these as activity). */
  readonly onActivity?: () => Promise<void>;
}

/**
 * Creates the background's message handler.
 * Messages from anything but this extension's own pages get no answer at all.
 */
export function createRouter(
  handlers: Handlers,
  self: ExtensionIdentity,
  options: RouterOptions = {},
): (message: unknown, sender: MessageSenderInfo) => Promise<Reply<RequestType>> | undefined {
  return (message, sender) => {
    if (!isExtensionPageSender(sender, self)) return undefined;
    return (async (): Promise<Reply<RequestType>> => {
      let reply: Reply<RequestType>;
      try {
        const { type, payload } = parseEnvelope(message);
        reply = { ok: true, value: await dispatch(handlers, type, payload) };
      } catch (error) {
        reply = { ok: false, error: toErrorView(error) };
      }
      try {
        await options.onActivity?.();
      } catch {
        // Re-arming auto-lock must never turn a good answer into an error.
      }
      return reply;
    })();
  };
}
