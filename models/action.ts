/** How every model runs a request a person started, and words its failure. */
import type { Signal } from '@preact/signals';

/** What to tell a person when a request failed: the background's errors are written for people already. */
export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof Error ? error.message : fallback;
}

export type ActionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * Runs `task` as a person's action: `busy` (if given) is true meanwhile, `error` is cleared before
 * and holds the reason after a failure. Never rejects — a failure is shown, not thrown.
 */
export async function runAction<T>(
  state: { readonly busy?: Signal<boolean>; readonly error: Signal<string | null> },
  task: () => Promise<T>,
  fallback = 'That did not work.',
): Promise<ActionResult<T>> {
  if (state.busy) state.busy.value = true;
  state.error.value = null;
  try {
    return { ok: true, value: await task() };
  } catch (e) {
    state.error.value = errorMessage(e, fallback);
    return { ok: false };
  } finally {
    if (state.busy) state.busy.value = false;
  }
}
