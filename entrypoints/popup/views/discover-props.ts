import type { DiscoverPanelProps } from '../../../components/DiscoverPanel.tsx';
import type { Models } from '../models/index.ts';

/** The discover panel's props, read from its model (one place, used by two screens). */
export function discoverProps(m: Models): DiscoverPanelProps {
  return {
    busy: m.discover.busy.value,
    result: m.discover.result.value,
    failure: m.discover.failure.value,
    onDiscover: m.discover.discover,
    onOpenMessage: (id) => {
      m.navigation.go({ screen: 'message', id, back: m.navigation.route.value });
    },
  };
}
