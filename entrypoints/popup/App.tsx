import { useEffect } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ChatList } from '../../components/ChatList.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { LockButton } from '../../components/LockButton.tsx';
import { SetupScreen } from '../../components/SetupScreen.tsx';
import { UnlockScreen } from '../../components/UnlockScreen.tsx';
import type { ChatsModel } from './models/chats-model.ts';
import type { SessionModel } from './models/session-model.ts';

interface AppProps {
  readonly session: SessionModel;
  readonly chats: ChatsModel;
}

/** The popup: reads its models, renders components. No browser API is called from here. */
export function App({ session, chats }: AppProps) {
  const status = session.status.value;
  const busy = session.busy.value;
  const state = status?.state;
  useEffect(() => {
    if (state === 'unlocked' || state === 'locked') void chats.refresh();
  }, [state, chats]);

  return (
    <div class="app" aria-busy={status === null && session.loadError.value === null}>
      <AppHeader>
        {status && <LockBadge state={status.state} />}
        {state === 'unlocked' && <LockButton busy={busy !== null} onLock={() => void session.lock()} />}
      </AppHeader>
      <main class="app-main">
        {session.loadError.value !== null && (
          <ErrorNotice message={session.loadError.value} onRetry={() => void session.refresh()} />
        )}
        {status === null && session.loadError.value === null && (
          <p class="muted" role="status">
            Loading…
          </p>
        )}
        {state === 'no-profile' && (
          <SetupScreen busy={busy === 'setup'} error={session.formError.value} onSubmit={session.setup} />
        )}
        {state === 'locked' && (
          <>
            <UnlockScreen
              username={status?.username ?? ''}
              busy={busy === 'unlock'}
              error={session.formError.value}
              waitSeconds={session.waitSeconds.value}
              onSubmit={session.unlock}
            />
            {chats.chats.value && (
              <section class="stack" aria-labelledby="locked-chats-title">
                <h2 id="locked-chats-title" class="section-title">
                  Your chats
                </h2>
                <ChatList chats={chats.chats.value} />
              </section>
            )}
          </>
        )}
        {state === 'unlocked' && (
          <section class="panel stack" aria-labelledby="home-title">
            <h2 id="home-title">Signed in as {status?.username}</h2>
            {chats.chats.value && <ChatList chats={chats.chats.value} />}
            {chats.error.value && <ErrorNotice message={chats.error.value} />}
          </section>
        )}
      </main>
    </div>
  );
}
