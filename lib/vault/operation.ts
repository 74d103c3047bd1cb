/**
 * How a part of the vault offers its requests: a table from request type to the function that
 * answers it, and whether it runs in the vault's queue of writes. The vault merges every part's
 * table into one and the background serves it as it is — no pass-through layer in between.
 * @module
 */
import type { RequestOf, RequestType, ResponseOf } from '../wire/protocol.ts';
import type { VaultContext } from './context.ts';

/** One request's implementation. */
export interface Operation<T extends RequestType> {
  /**
   * True: it runs in the serial queue, one at a time, so two popups writing at once cannot
   * interleave. False: it runs at once (reads, and Lock, which must not wait behind long work).
   */
  readonly queued: boolean;
  readonly run: (ctx: VaultContext, input: RequestOf<T>) => Promise<ResponseOf<T>>;
}

/** A part's table: some request types, each with its implementation typed from the protocol map. */
export type Operations = { readonly [T in RequestType]?: Operation<T> };

/** An operation that writes: it waits its turn in the queue. */
export function queued<T extends RequestType>(run: (ctx: VaultContext, input: RequestOf<T>) => Promise<ResponseOf<T>>): Operation<T> {
  return { queued: true, run };
}

/** An operation that runs at once: it only reads, or (Lock) must not wait. */
export function immediate<T extends RequestType>(run: (ctx: VaultContext, input: RequestOf<T>) => Promise<ResponseOf<T>>): Operation<T> {
  return { queued: false, run };
}
