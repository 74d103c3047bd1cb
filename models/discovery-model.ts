/** A "discover" job as its window shows it; re-asked after an unlock, so no click is redone. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, DiscoveryJobView } from '../lib/wire/protocol.ts';
import { errorMessage } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export interface DiscoveryModel {
  readonly job: ReadonlySignal<DiscoveryJobView | null>;
  readonly error: ReadonlySignal<string | null>;
  readonly load: () => Promise<void>;
}

export function createDiscoveryModel(api: Api, jobId: string): DiscoveryModel {
  const job = signal<DiscoveryJobView | null>(null);
  const error = signal<string | null>(null);
  return {
    job,
    error,
    async load() {
      try {
        job.value = await api('getDiscoveryJob', { jobId });
        error.value = null;
      } catch (e) {
        error.value = errorMessage(e, t('error_load_results'));
      }
    },
  };
}
