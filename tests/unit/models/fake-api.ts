/**
 * A fake background for model tests: each request type answers from a handler the test gives
 * (or fails as the real one would when none is given), and every call is recorded.
 */
import type { Api, RequestOf, RequestType, ResponseOf } from '../../../lib/wire/protocol.ts';

export type FakeHandlers = { [T in RequestType]?: (payload: RequestOf<T>) => ResponseOf<T> | Promise<ResponseOf<T>> };

export interface FakeApi {
  readonly api: Api;
  readonly calls: { readonly type: RequestType; readonly payload: unknown }[];
}

export function fakeApi(handlers: FakeHandlers): FakeApi {
  const calls: { type: RequestType; payload: unknown }[] = [];
  const api = async <T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> => {
    calls.push({ type, payload });
    const handler = handlers[type] as ((p: RequestOf<T>) => ResponseOf<T> | Promise<ResponseOf<T>>) | undefined;
    if (!handler) throw new Error(`The extension did not answer ${type}.`);
    return handler(payload);
  };
  return { api, calls };
}

/** Lets every answer already given reach the model (one turn of the event loop; not under fake timers). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
