import { useEffect } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ChatNameList } from '../../components/ChatList.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { LockButton } from '../../components/LockButton.tsx';
import { NavTabs } from '../../components/NavTabs.tsx';
import { SetupScreen } from '../../components/SetupScreen.tsx';
import { t } from '../../lib/i18n/i18n.ts';
import type { Models } from '../../models/index.ts';
import { unlockProps } from '../../models/unlock.ts';
import { UnlockScreen } from '../../components/UnlockScreen.tsx';
import { ChatsView } from './views/ChatsView.tsx';
import { ChatView } from './views/ChatView.tsx';
import { HistoryView } from './views/HistoryView.tsx';
import { MessageDetailView } from './views/MessageView.tsx';
import { ProfileView } from './views/ProfileView.tsx';
import { TrashView } from './views/TrashView.tsx';

/** The unlocked popup: the section tabs and the screen of the current route. */
function Unlocked({ m }: { readonly m: Models }) {
  const route = m.navigation.route.value;
  return (
    <>
      <NavTabs
        current={m.navigation.tab.value}
        onSelect={(tab) => {
          m.navigation.go({ screen: tab });
        }}
      />
      <main class="app-main" id="main">
        {route.screen === 'chats' && <ChatsView m={m} />}
        {route.screen === 'chat' && <ChatView m={m} chatId={route.chatId} />}
        {route.screen === 'history' && <HistoryView m={m} />}
        {route.screen === 'message' && <MessageDetailView m={m} id={route.id} back={route.back} />}
        {route.screen === 'trash' && <TrashView m={m} />}
        {route.screen === 'profile' && <ProfileView m={m} />}
      </main>
    </>
  );
}

/** The popup: reads its models, renders components. No browser API is called from here. */
export function App({ m }: { readonly m: Models }) {
  const { session, chats } = m;
  const status = session.status.value;
  const busy = session.busy.value;
  const state = status?.state;
  useEffect(() => {
    // The locked screen reads no history: names only, and only if the person chose that.
    if (state === 'locked') void chats.refreshLocked();
    if (state === 'unlocked') {
      void chats.refresh();
      m.navigation.go({ screen: 'chats' });
    }
  }, [state, chats, m.navigation]);
  useEffect(() => {
    // The moment the popup can be used: measured by the end-to-end tests.
    if (state !== undefined && performance.getEntriesByName('clm:interactive').length === 0) {
      performance.mark('clm:interactive');
    }
  }, [state]);

  return (
    <div class="app" aria-busy={status === null && session.loadError.value === null}>
      <AppHeader>
        {status && <LockBadge state={status.state} />}
        {state === 'unlocked' && <LockButton busy={busy !== null} onLock={() => void session.lock()} />}
      </AppHeader>
      {session.loadError.value !== null && (
        <main class="app-main">
          <ErrorNotice message={session.loadError.value} onRetry={() => void session.refresh()} />
        </main>
      )}
      {status === null && session.loadError.value === null && (
        <main class="app-main">
          <p class="muted" role="status">
            {t('loading')}
          </p>
        </main>
      )}
      {state === 'no-profile' && (
        <main class="app-main">
          <SetupScreen busy={busy === 'setup'} error={session.formError.value} onSubmit={session.setup} onOpenImport={m.openImportPage} />
        </main>
      )}
      {state === 'locked' && (
        <main class="app-main">
          <UnlockScreen {...unlockProps(session)} />
          {chats.lockedNames.value && chats.lockedNames.value.length > 0 && (
            <section class="stack" aria-labelledby="locked-chats-title">
              <h2 id="locked-chats-title" class="section-title">
                {t('locked_chats_title')}
              </h2>
              <ChatNameList names={chats.lockedNames.value} />
            </section>
          )}
        </main>
      )}
      {state === 'unlocked' && <Unlocked m={m} />}
    </div>
  );
}
