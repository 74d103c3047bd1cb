/** The "write a pointer here" window: its job, and writing the pointer into the page. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, ComposeJobView, ResponseOf } from '../lib/wire/protocol.ts';
import { errorMessage, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export interface ComposeModel {
  readonly job: ReadonlySignal<ComposeJobView | null>;
  readonly error: ReadonlySignal<string | null>;
  readonly busy: ReadonlySignal<boolean>;
  readonly result: ReadonlySignal<ResponseOf<'writePointerIntoPage'> | null>;
  readonly load: () => Promise<void>;
  readonly write: (chatId: string, text: string) => Promise<boolean>;
}

export function createComposeModel(api: Api, jobId: string): ComposeModel {
  const job = signal<ComposeJobView | null>(null);
  const error = signal<string | null>(null);
  const busy = signal(false);
  const result = signal<ResponseOf<'writePointerIntoPage'> | null>(null);
  return {
    job,
    error,
    busy,
    result,
    async load() {
      try {
        job.value = await api('getComposeJob', { jobId });
        error.value = null;
      } catch (e) {
        error.value = errorMessage(e, t('error_generic'));
      }
    },
    async write(chatId, text) {
      // One window writes once: a second click while sending, or after, does nothing.
      if (busy.value || result.value !== null) return false;
      const done = await runAction({ busy, error }, () => api('writePointerIntoPage', { jobId, chatId, text }));
      if (done.ok) result.value = done.value;
      return done.ok && done.value.inserted;
    },
  };
}
