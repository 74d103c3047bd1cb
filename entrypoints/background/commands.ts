/**
 * Keyboard shortcuts (manifest `commands`): `_execute_action` opens the popup by itself; the one
 * handled here discovers the selected text, exactly as the "Discover message" menu item does. A
 * shortcut grants `activeTab` for the tab it was pressed in, as a menu click does.
 */
import type { CommandTab } from '../../platform/commands.ts';
import { handleMenuClick, MENU_IDS, type MenuDeps } from './context-menus.ts';

export const COMMAND_IDS = { discoverSelection: 'discover-selection' } as const;

/** Handles a shortcut; unknown names do nothing. */
export async function handleCommand(deps: MenuDeps, name: string, tab: CommandTab | undefined): Promise<void> {
  if (name !== COMMAND_IDS.discoverSelection || tab?.id === undefined) return;
  await handleMenuClick(deps, { menuItemId: MENU_IDS.discoverSelection, frameId: 0, pageUrl: tab.url }, { id: tab.id });
}
