/**
 * Turns a raw runtime message into a handler call and a reply: sender check first, then the
 * protocol's validation, then exactly one handler. Errors become `{ ok: false, error }` replies
 * with a human message; nothing from an unexpected error's text crosses the wire or reaches a log.
 */
import {
  type ErrorView,
  type ExtensionIdentity,
  isExtensionPageSender,
  type MessageSenderInfo,
  parseRequest,
  ProtocolError,
  type Reply,
  type RequestOf,
  type RequestType,
  type ResponseOf,
} from '../../lib/protocol.ts';

/** One handler per request type: a new type cannot be added without its handler. */
export type Handlers = {
  readonly [T in RequestType]: (payload: RequestOf<T>) => Promise<ResponseOf<T>>;
};

function toErrorView(error: unknown): ErrorView {
  if (error instanceof ProtocolError) return { code: error.code, message: error.message };
  // Only the error's kind is logged: an unexpected error's text could quote user data.
  console.error('CLM background: unexpected error', error instanceof Error ? error.name : typeof error);
  return { code: 'internal', message: 'Something went wrong inside the extension. Nothing was changed; please try again.' };
}

/**
 * Creates the background's message handler.
 * Messages from anything but this extension's own pages get no answer at all.
 */
export function createRouter(
  handlers: Handlers,
  self: ExtensionIdentity,
): (message: unknown, sender: MessageSenderInfo) => Promise<Reply<RequestType>> | undefined {
  return (message, sender) => {
    if (!isExtensionPageSender(sender, self)) return undefined;
    return (async (): Promise<Reply<RequestType>> => {
      try {
        const request = parseRequest(message);
        const handle = handlers[request.type] as (payload: unknown) => Promise<unknown>;
        const value = await handle(request.payload);
        return { ok: true, value } as Reply<RequestType>;
      } catch (error) {
        return { ok: false, error: toErrorView(error) };
      }
    })();
  };
}
