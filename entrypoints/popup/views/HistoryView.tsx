import { useEffect } from 'preact/hooks';
import { HistoryScreen } from '../../../components/HistoryScreen.tsx';
import type { Models } from '../../../models/index.ts';

export function HistoryView({ m }: { readonly m: Models }) {
  useEffect(() => {
    void m.history.reload();
  }, [m]);
  return (
    <HistoryScreen
      query={m.history.query.value}
      onQuery={m.history.setQuery}
      chats={m.chats.chats.value ?? []}
      chatId={m.history.chatId.value}
      onChat={m.history.setChat}
      messages={m.history.messages.value}
      total={m.history.total.value}
      loading={m.history.loading.value}
      error={m.history.error.value}
      onLoadMore={() => void m.history.loadMore()}
      onOpen={(id) => {
        m.navigation.go({ screen: 'message', id, back: { screen: 'history' } });
      }}
    />
  );
}
