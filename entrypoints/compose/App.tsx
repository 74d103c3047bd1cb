import { useEffect } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ComposeForm } from '../../components/ComposeForm.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { PointerBox } from '../../components/PointerBox.tsx';
import { UnlockView } from '../popup/views/UnlockView.tsx';
import type { CopyModel } from '../popup/models/copy-model.ts';
import type { SessionModel } from '../popup/models/session-model.ts';
import type { ComposeModel } from './compose-model.ts';

interface AppProps {
  readonly session: SessionModel;
  readonly compose: ComposeModel;
  readonly copy: CopyModel;
  /** Closes this window once the pointer is in the page. */
  readonly onDone: () => void;
}

/** The window of "Write a pointer here": the text is typed here; the page gets only the pointer. */
export function App({ session, compose, copy, onDone }: AppProps) {
  const state = session.status.value?.state;
  useEffect(() => {
    if (state !== undefined) void compose.load();
  }, [state, compose]);
  const job = compose.job.value;
  const result = compose.result.value;
  return (
    <div class="app">
      <AppHeader>{state && <LockBadge state={state} />}</AppHeader>
      <main class="app-main">
        <div class="window-intro">
          <h2>Write a pointer</h2>
          {job && job.pageTitle !== '' && <p class="muted small">Into the field you chose on “{job.pageTitle}”. The page receives only the pointer.</p>}
        </div>
        {compose.error.value && <ErrorNotice message={compose.error.value} />}
        {state === 'no-profile' && <p class="muted">Create your profile in the toolbar popup first.</p>}
        {state === 'locked' && (
          <UnlockView session={session} />
        )}
        {state === 'unlocked' && job && !result?.inserted && (
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
        {result?.inserted && (
          <p class="notice notice--ok" role="status">
            The pointer is in the page. This window closes by itself.
          </p>
        )}
        {result && !result.inserted && (
          <div class="stack">
            <ErrorNotice message={result.problem ?? 'The pointer could not be put into the page.'} />
            <PointerBox
              pointer={result.pointer}
              copied={copy.copied.value === 'compose'}
              onCopy={() => void copy.copy('compose', result.pointer)}
            />
          </div>
        )}
      </main>
    </div>
  );
}
