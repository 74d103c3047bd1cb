import type { DiscoverPanelProps } from '../../../components/DiscoverPanel.tsx';
import type { DiscoverModel } from '../../../models/discover-model.ts';
import type { Models } from '../../../models/index.ts';

/** A discover panel's props, read from its model (the Chats screen's, or a chat's Receive). */
export function discoverProps(m: Models, model: DiscoverModel): DiscoverPanelProps {
  return {
    busy: model.busy.value,
    result: model.result.value,
    error: model.error.value,
    onDiscover: model.discover,
    onOpenMessage: (id) => {
      m.navigation.go({ screen: 'message', id, back: m.navigation.route.value });
    },
    onAddChat: async (clmId, name, seedSuffix) => (await model.addChat(clmId, name, seedSuffix)) !== undefined,
  };
}
