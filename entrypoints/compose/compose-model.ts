/** The "write a pointer here" window: its job, and writing the pointer into the page. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { ComposeJobView, ResponseOf } from '../../lib/protocol.ts';
import type { Api } from '../../platform/client.ts';

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
  const messageOf = (e: unknown) => (e instanceof Error ? e.message : 'That did not work.');
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
        error.value = messageOf(e);
      }
    },
    async write(chatId, text) {
      busy.value = true;
      error.value = null;
      try {
        result.value = await api('writePointerIntoPage', { jobId, chatId, text });
        return result.value.inserted;
      } catch (e) {
        error.value = messageOf(e);
        return false;
      } finally {
        busy.value = false;
      }
    },
  };
}
