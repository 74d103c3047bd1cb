import { useEffect } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ComposeForm } from '../../components/ComposeForm.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { PointerBox } from '../../components/PointerBox.tsx';
import { tRich } from '../../components/rich-text.tsx';
import { UnlockScreen } from '../../components/UnlockScreen.tsx';
import { speaksEnglish, t } from '../../lib/i18n/i18n.ts';
import type { ComposeModel } from '../../models/compose-model.ts';
import type { CopyModel } from '../../models/copy-model.ts';
import type { SessionModel } from '../../models/session-model.ts';
import { unlockProps } from '../../models/unlock.ts';
import { useEscape } from '../../components/use-escape.ts';

interface AppProps {
  readonly session: SessionModel;
  readonly compose: ComposeModel;
  readonly copy: CopyModel;
  /** Closes this window once the pointer is in the page. */
  readonly onDone: () => void;
}

/** The window of "Write a pointer here": the text is typed here; the page gets only the pointer. */
export function App({ session, compose, copy, onDone }: AppProps) {
  // Escape closes the window (when nothing inside it is open).
  useEscape(onDone);
  const state = session.status.value?.state;
  useEffect(() => {
    if (state !== undefined) void compose.load();
  }, [state, compose]);
  const job = compose.job.value;
  const result = compose.result.value;
  // One job writes once: after a send (whatever became of it) the form is gone.
  const spent = result !== null || job?.used === true;
  return (
    <div class="app">
      <AppHeader>{state && <LockBadge state={state} />}</AppHeader>
      <main class="app-main">
        <div class="window-intro">
          <h2>{t('compose_title')}</h2>
          {job && <p class="muted small">{tRich('compose_intro', <span class="origin">{job.origin}</span>)}</p>}
        </div>
        {compose.error.value && <ErrorNotice message={compose.error.value} />}
        {state === 'no-profile' && <p class="muted">{t('compose_no_profile')}</p>}
        {state === 'locked' && <UnlockScreen {...unlockProps(session)} />}
        {state === 'unlocked' && job && !spent && (
          <ComposeForm
            chats={job.chats}
            busy={compose.busy.value}
            error={null}
            onWrite={(chatId, text) => {
              void compose.write(chatId, text).then((inserted) => {
                if (inserted) setTimeout(onDone, 1200);
              });
            }}
          />
        )}
        {job?.used === true && !result && <ErrorNotice message={t('compose_used')} />}
        {result?.inserted && (
          <p class="notice notice--ok" role="status">
            {t('compose_done')}
          </p>
        )}
        {result && !result.inserted && (
          <div class="stack">
            {/* The background's reason is English: in another language, behind Details. */}
            <ErrorNotice
              message={result.problem !== null && speaksEnglish() ? result.problem : t('compose_not_inserted')}
              detail={result.problem !== null && !speaksEnglish() ? result.problem : undefined}
            />
            <PointerBox pointer={result.pointer} qrLabel={t('message_qr_label')} copied={copy.copied.value === 'compose'} onCopy={() => void copy.copy('compose', result.pointer)} />
          </div>
        )}
      </main>
    </div>
  );
}
