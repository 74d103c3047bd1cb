import { type MessageKey, t } from '../lib/i18n/i18n.ts';
import type { LockState } from '../lib/wire/protocol.ts';

const LABELS: Record<LockState, MessageKey> = {
  'no-profile': 'lock_state_no_profile',
  locked: 'lock_state_locked',
  unlocked: 'lock_state_unlocked',
};

/** A small pill saying whether the vault is locked; the word is the signal, colour only helps. */
export function LockBadge({ state }: { readonly state: LockState }) {
  return (
    <span class={`lock-badge lock-badge--${state}`} data-state={state}>
      {t(LABELS[state])}
    </span>
  );
}
