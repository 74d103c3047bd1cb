import { useEffect } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader.tsx';
import { DiscoveryResults } from '../../components/DiscoveryResults.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { SetupScreen } from '../../components/SetupScreen.tsx';
import { UnlockScreen } from '../../components/UnlockScreen.tsx';
import { t } from '../../lib/i18n/i18n.ts';
import type { DiscoveryModel } from '../../models/discovery-model.ts';
import type { SessionModel } from '../../models/session-model.ts';
import { unlockProps } from '../../models/unlock.ts';
import { useEscape } from '../../components/use-escape.ts';

/** The results window of "Discover message" and "Find pointers on this page". */
export function App({ session, discovery, onClose }: { readonly session: SessionModel; readonly discovery: DiscoveryModel; readonly onClose: () => void }) {
  // Escape closes the window (when nothing inside it is open).
  useEscape(onClose);
  const state = session.status.value?.state;
  useEffect(() => {
    if (state !== undefined) void discovery.load();
  }, [state, discovery]);
  const job = discovery.job.value;
  return (
    <div class="app">
      <AppHeader>{state && <LockBadge state={state} />}</AppHeader>
      <main class="app-main">
        {discovery.error.value && <ErrorNotice message={discovery.error.value} />}
        {session.loadError.value && <ErrorNotice message={session.loadError.value} />}
        {state === 'no-profile' && (
          <>
            <p class="muted">{t('discover_window_no_profile')}</p>
            <SetupScreen busy={session.busy.value === 'setup'} error={session.formError.value} onSubmit={session.setup} />
          </>
        )}
        {state === 'locked' && job && job.results.length > 0 && (
          <UnlockScreen {...unlockProps(session)} />
        )}
        {job && <DiscoveryResults job={job} />}
        <div class="actions">
          <button
            type="button"
            class="button"
            onClick={onClose}
          >
            {t('close')}
          </button>
        </div>
      </main>
    </div>
  );
}
