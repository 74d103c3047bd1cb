/** Copying a pointer, with a "Copied" confirmation that fades after a moment. */
import { type ReadonlySignal, signal } from '@preact/signals';
import { t } from '../lib/i18n/i18n.ts';

export interface CopyModel {
  /** The key of what was copied last, while its confirmation shows. */
  readonly copied: ReadonlySignal<string | null>;
  readonly error: ReadonlySignal<string | null>;
  readonly copy: (key: string, text: string) => Promise<void>;
}

export function createCopyModel(writeText: (text: string) => Promise<void>, showForMs = 2000): CopyModel {
  const copied = signal<string | null>(null);
  const error = signal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    copied,
    error,
    async copy(key, text) {
      try {
        await writeText(text);
        error.value = null;
        copied.value = key;
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (copied.value === key) copied.value = null;
        }, showForMs);
      } catch {
        copied.value = null;
        error.value = t('error_copy');
      }
    },
  };
}
