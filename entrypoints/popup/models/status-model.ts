/**
 * The vault's status as the popup sees it: loaded from the background, never derived here.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { StatusView } from '../../../lib/protocol.ts';

export interface StatusModel {
  /** null until the background has answered. */
  readonly status: ReadonlySignal<StatusView | null>;
  /** A sentence for the person when the background could not be asked. */
  readonly error: ReadonlySignal<string | null>;
  refresh(): Promise<void>;
}

export function createStatusModel(fetchStatus: () => Promise<StatusView>): StatusModel {
  const status = signal<StatusView | null>(null);
  const error = signal<string | null>(null);
  return {
    status,
    error,
    async refresh() {
      try {
        status.value = await fetchStatus();
        error.value = null;
      } catch (e) {
        error.value = e instanceof Error ? e.message : 'The extension did not answer.';
      }
    },
  };
}
