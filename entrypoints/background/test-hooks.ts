/**
 * Hooks for the end-to-end tests, compiled only into the test build (`wxt build --mode e2e`):
 * the shipped build has none of this (`import.meta.env.MODE` is a constant the bundler folds).
 *
 * - `pauseAt`: the name of a vault checkpoint (see VaultContext.checkpoint) at which the worker
 *   stops making progress, so a test can stop the worker exactly between two writes;
 * - `history`: how often the history database was opened and read;
 * - `historyFull`: while true, every history write fails as IndexedDB fails on a full disk;
 * - `readSteps`: how many times reading a page or a paste let other work run (between-steps.ts);
 *   `stepDelayMs` stretches each of those pauses, so that a test can act while a read is under
 *   way whatever the machine's speed (the order of events is asserted, never a duration);
 * - `clockMs`: while a number, the vault's clock (`Date.now()` otherwise), so that a test can make
 *   two sends fall in one second, or in a second it chooses, however slow the machine is.
 */
import type { HistoryStore } from '../../lib/vault/history/store.ts';
import type { IndexedDbHistory } from '../../platform/history-db.ts';
import { nextTask } from './between-steps.ts';

export interface TestHooks {
  pauseAt: string | null;
  pausedAt: string | null;
  historyFull: boolean;
  readSteps: number;
  stepDelayMs: number;
  clockMs: number | null;
  readonly history: { readonly opens: number; readonly reads: number };
}

export function installTestHooks(store: IndexedDbHistory): {
  history: HistoryStore;
  checkpoint: (name: string) => Promise<void>;
  pause: () => Promise<void>;
  now: () => number;
} {
  const hooks: TestHooks = { pauseAt: null, pausedAt: null, historyFull: false, readSteps: 0, stepDelayMs: 0, clockMs: null, history: store.stats };
  (globalThis as unknown as { clmTestHooks: TestHooks }).clmTestHooks = hooks;
  return {
    history: {
      ...store,
      write: (puts, deletes) =>
        hooks.historyFull ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : store.write(puts, deletes),
    },
    pause: async () => {
      hooks.readSteps++;
      if (hooks.stepDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, hooks.stepDelayMs));
      else await nextTask();
    },
    now: () => hooks.clockMs ?? Date.now(),
    checkpoint: (name) => {
      if (hooks.pauseAt !== name) return Promise.resolve();
      hooks.pausedAt = name;
      return new Promise<void>(() => undefined);
    },
  };
}
