/** The one place that touches `browser.contextMenus` and the install/startup events that set it up. */
import { browser } from 'wxt/browser';

type MenuContext = 'selection' | 'page' | 'editable';

export interface MenuItem {
  readonly id: string;
  readonly title: string;
  readonly contexts: readonly [MenuContext, ...MenuContext[]];
}

/** What the browser tells about a click on one of our menu items. */
export interface MenuClick {
  readonly menuItemId: string;
  readonly selectionText?: string | undefined;
  readonly frameId?: number | undefined;
}

export interface MenuTab {
  readonly id?: number | undefined;
  readonly title?: string | undefined;
}

/** Replaces every menu item of ours with `items`: safe to call on each install and startup. */
export async function replaceContextMenus(items: readonly MenuItem[]): Promise<void> {
  await browser.contextMenus.removeAll();
  for (const item of items) {
    await new Promise<void>((resolve) => {
      browser.contextMenus.create({ id: item.id, title: item.title, contexts: [item.contexts[0], ...item.contexts.slice(1)] }, () => {
        if (browser.runtime.lastError) {
          // Reading lastError marks it handled. A duplicate id (two startups racing) is
          // harmless: the item exists either way.
        }
        resolve();
      });
    });
  }
}

export function onMenuClicked(listener: (click: MenuClick, tab: MenuTab | undefined) => void): void {
  browser.contextMenus.onClicked.addListener((info, tab) => {
    listener(
      { menuItemId: String(info.menuItemId), selectionText: info.selectionText, frameId: info.frameId },
      tab && { id: tab.id, title: tab.title },
    );
  });
}

/** Runs `listener` when the extension is installed or updated, and when the browser starts. */
export function onInstalledOrStartup(listener: () => void): void {
  browser.runtime.onInstalled.addListener(() => {
    listener();
  });
  browser.runtime.onStartup.addListener(() => {
    listener();
  });
}
