/** What can be done from the trash list; each refreshes the lists it changes. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api } from '../lib/wire/protocol.ts';
import { runAction } from './action.ts';

export interface TrashActions {
  readonly error: ReadonlySignal<string | null>;
  readonly restore: (id: number) => Promise<void>;
  readonly deleteForever: (id: number) => Promise<void>;
  readonly empty: () => Promise<void>;
}

export function createTrashActions(api: Api, refresh: () => Promise<void>): TrashActions {
  const error = signal<string | null>(null);
  const act = async (task: () => Promise<unknown>) => {
    await runAction({ error }, task);
    await refresh();
  };
  return {
    error,
    restore: (id) => act(() => api('restoreMessage', { id })),
    deleteForever: (id) => act(() => api('deleteMessageForever', { id })),
    empty: () => act(() => api('emptyTrash', {})),
  };
}
