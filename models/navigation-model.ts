/** Where the popup is: one of the tabs, or a chat / a message opened from one. */
import { type ReadonlySignal, signal } from '@preact/signals';

export type Tab = 'chats' | 'history' | 'trash' | 'profile';

export type Route =
  | { readonly screen: Tab }
  | { readonly screen: 'chat'; readonly chatId: string }
  | { readonly screen: 'message'; readonly id: number; readonly back: Route };

export interface NavigationModel {
  readonly route: ReadonlySignal<Route>;
  /** The tab the current screen belongs to (a chat belongs to Chats, a message to where it was opened). */
  readonly tab: ReadonlySignal<Tab>;
  readonly go: (route: Route) => void;
}

function tabOf(route: Route): Tab {
  if (route.screen === 'chat') return 'chats';
  if (route.screen === 'message') return tabOf(route.back);
  return route.screen;
}

export function createNavigationModel(): NavigationModel {
  const route = signal<Route>({ screen: 'chats' });
  const tab = signal<Tab>('chats');
  return {
    route,
    tab,
    go(next) {
      route.value = next;
      tab.value = tabOf(next);
    },
  };
}
