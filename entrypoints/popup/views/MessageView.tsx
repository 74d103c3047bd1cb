import { useEffect } from 'preact/hooks';
import { MessageScreen } from '../../../components/MessageScreen.tsx';
import { type MessageKey, t } from '../../../lib/i18n/i18n.ts';
import type { Models } from '../../../models/index.ts';
import type { Route } from '../../../models/navigation-model.ts';

const BACK_LABELS: Record<Route['screen'], MessageKey> = { chat: 'history_chat', chats: 'tab_chats', history: 'tab_history', trash: 'tab_trash', profile: 'tab_profile', message: 'back' };

export function MessageDetailView({ m, id, back }: { readonly m: Models; readonly id: number; readonly back: Route }) {
  useEffect(() => {
    void m.message.load(id);
  }, [m, id]);
  const goBack = () => {
    m.navigation.go(back);
  };
  const message = m.message.message.value;
  return (
    <MessageScreen
      message={message?.id === id ? message : null}
      busy={m.message.busy.value}
      error={m.message.error.value}
      backLabel={t(BACK_LABELS[back.screen])}
      onBack={goBack}
      onTrash={() => {
        void m.message.trash().then(() => m.chats.refresh());
      }}
      onRestore={() => {
        void m.message.restore().then(() => m.chats.refresh());
      }}
      onDeleteForever={() => {
        void m.message.deleteForever().then((ok) => {
          if (ok) {
            void m.chats.refresh();
            goBack();
          }
        });
      }}
      pointerCopied={m.copy.copied.value === `message:${id}`}
      onCopyPointer={(pointer) => void m.copy.copy(`message:${id}`, pointer)}
    />
  );
}
