/** The one place that touches `browser.contextMenus`. */
import { browser } from 'wxt/browser';
import { consumeLastError } from './runtime.ts';

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
  /** The URL of the frame (or page) clicked in: only its origin is ever shown. */
  readonly frameUrl?: string | undefined;
  readonly pageUrl?: string | undefined;
}

export interface MenuTab {
  readonly id?: number | undefined;
}

/** Replaces every menu item of ours with `items`: safe to call on each install and startup. */
export async function replaceContextMenus(items: readonly MenuItem[]): Promise<void> {
  await browser.contextMenus.removeAll();
  for (const item of items) {
    await new Promise<void>((resolve) => {
      browser.contextMenus.create({ id: item.id, title: item.title, contexts: [item.contexts[0], ...item.contexts.slice(1)] }, () => {
        // Reading lastError marks it handled. A duplicate id (two startups racing) is harmless:
        // the item exists either way.
        consumeLastError();
        resolve();
      });
    });
  }
}

export function onMenuClicked(listener: (click: MenuClick, tab: MenuTab | undefined) => void): void {
  browser.contextMenus.onClicked.addListener((info, tab) => {
    listener(
      { menuItemId: String(info.menuItemId), selectionText: info.selectionText, frameId: info.frameId, frameUrl: info.frameUrl, pageUrl: info.pageUrl },
      tab && { id: tab.id },
    );
  });
}
