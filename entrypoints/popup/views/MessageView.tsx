import { useEffect } from 'preact/hooks';
import { MessageScreen } from '../../../components/MessageScreen.tsx';
import type { Models } from '../../../models/index.ts';
import type { Route } from '../../../models/navigation-model.ts';

const BACK_LABELS: Record<string, string> = { chat: 'Chat', chats: 'Chats', history: 'History', trash: 'Trash', profile: 'Profile' };

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
      backLabel={BACK_LABELS[back.screen] ?? 'Back'}
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
