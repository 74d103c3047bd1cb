import { useEffect } from 'preact/hooks';
import { TrashScreen } from '../../../components/TrashScreen.tsx';
import type { Models } from '../../../models/index.ts';

export function TrashView({ m }: { readonly m: Models }) {
  useEffect(() => {
    void m.trash.reload();
  }, [m]);
  return (
    <TrashScreen
      messages={m.trash.messages.value}
      total={m.trash.total.value}
      loading={m.trash.loading.value}
      error={m.trash.error.value ?? m.trashActions.error.value}
      onOpen={(id) => {
        m.navigation.go({ screen: 'message', id, back: { screen: 'trash' } });
      }}
      onRestore={(id) => void m.trashActions.restore(id)}
      onDeleteForever={(id) => void m.trashActions.deleteForever(id)}
      onEmpty={() => void m.trashActions.empty()}
      onLoadMore={() => void m.trash.loadMore()}
    />
  );
}
