import type { LockState } from '../lib/protocol.ts';

const LABELS: Record<LockState, string> = {
  'no-profile': 'No profile',
  locked: 'Locked',
  unlocked: 'Unlocked',
};

/** A small pill saying whether the vault is locked; the word is the signal, colour only helps. */
export function LockBadge({ state }: { readonly state: LockState }) {
  return (
    <span class={`lock-badge lock-badge--${state}`} data-state={state}>
      {LABELS[state]}
    </span>
  );
}
