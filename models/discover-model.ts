/** Pasting a pointer: the discovered message, or the reason it could not be read. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { PointerErrorCode } from '../../../lib/errors.ts';
import type { MessageView } from '../../../lib/protocol.ts';
import type { Api } from '../../../platform/client.ts';
import { errorMessage } from './action.ts';

export interface DiscoverFailure {
  readonly message: string;
  readonly pointerCode: PointerErrorCode | undefined;
}

export interface DiscoverModel {
  readonly busy: ReadonlySignal<boolean>;
  readonly result: ReadonlySignal<{ readonly message: MessageView; readonly duplicate: boolean } | null>;
  readonly failure: ReadonlySignal<DiscoverFailure | null>;
  readonly discover: (pointer: string) => Promise<boolean>;
  readonly reset: () => void;
}

export function createDiscoverModel(api: Api, onDiscovered: () => void = () => undefined): DiscoverModel {
  const busy = signal(false);
  const result = signal<{ message: MessageView; duplicate: boolean } | null>(null);
  const failure = signal<DiscoverFailure | null>(null);
  return {
    busy,
    result,
    failure,
    async discover(pointer) {
      busy.value = true;
      failure.value = null;
      result.value = null;
      try {
        result.value = await api('discoverPointer', { pointer });
        onDiscovered();
        return true;
      } catch (e) {
        failure.value = {
          message: errorMessage(e, 'This pointer could not be read.'),
          pointerCode: (e as { pointerCode?: PointerErrorCode }).pointerCode,
        };
        return false;
      } finally {
        busy.value = false;
      }
    },
    reset() {
      result.value = null;
      failure.value = null;
    },
  };
}
