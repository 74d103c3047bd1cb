/**
 * Lets other work run between steps of a long job (reading a long page or paste): a Lock, an
 * alarm or another page's request is answered within milliseconds even while a hostile page's
 * text is being read. A macrotask, not a microtask: only then do queued messages get their turn.
 */
export const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Makes noble's long loops (scrypt, seconds for a backup that asks for it) yield as {@link nextTask}
 * does. noble yields with `scheduler.yield()` where the host has one, and Chrome runs a yielded
 * continuation ahead of the tasks waiting, extension messages among them: during a restore asking
 * scrypt N = 2^20 a status request was answered after 7.5 s (30 ms with this). Without
 * `scheduler.yield` noble yields with `setTimeout(0)`. A Lock during that restore still waits for
 * it in Chrome (issue 19, not yet understood). Nothing else in the worker uses `scheduler`.
 */
export function yieldToMessages(): void {
  const host = globalThis as { scheduler?: { yield?: unknown } };
  if (typeof host.scheduler?.yield === 'function') Object.defineProperty(globalThis, 'scheduler', { value: undefined, configurable: true, writable: true });
}
