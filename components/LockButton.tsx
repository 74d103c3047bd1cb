import { t } from '../lib/i18n/i18n.ts';

/** Always in the header while unlocked: forget the phrase now. */
export function LockButton({ onLock, busy }: { readonly onLock: () => void; readonly busy: boolean }) {
  return (
    <button type="button" class="button button--small" onClick={onLock} disabled={busy}>
      {t('lock_button')}
    </button>
  );
}
