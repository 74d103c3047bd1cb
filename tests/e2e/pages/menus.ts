/**
 * The extension's context-menu actions, as Chrome runs them: a menu click cannot be made through
 * Playwright (the menu is native), so the real registered listener is dispatched in the worker.
 */
import type { Page, Worker } from '@playwright/test';
import type { ExtensionSession } from '../fixtures.ts';

/** The extension API inside the worker, as far as menu clicks use it. */
declare const chrome: {
  contextMenus: { onClicked: { dispatch(info: object, tab: object): void } };
  tabs: { query(q: object): Promise<{ id?: number }[]> };
};

/**
 * Clicks one of our menu items on `page` as Chrome would: the real listener runs with the tab
 * (its id, and the URL and title a menu click reveals to the extension).
 */
export async function clickMenu(
  worker: Worker,
  page: Page,
  menuItemId: string,
  extra: { selectionText?: string; frameId?: number; editable?: boolean } = {},
): Promise<void> {
  await page.bringToFront();
  await worker.evaluate(
    async ({ url, title, menuItemId, extra }) => {
      // The active tab of a normal window: extension windows opened by earlier clicks are popups.
      const active = await chrome.tabs.query({ active: true, windowType: 'normal' });
      const id = active.at(0)?.id;
      if (id === undefined) throw new Error('no active tab');
      chrome.contextMenus.onClicked.dispatch(
        {
          menuItemId,
          pageUrl: url,
          frameId: extra.frameId ?? 0,
          editable: extra.editable ?? false,
          ...(extra.selectionText !== undefined && { selectionText: extra.selectionText }),
        },
        { id, url, title, active: true },
      );
    },
    { url: page.url(), title: await page.title(), menuItemId, extra },
  );
}

/** Waits for the extension window a menu action opens (start waiting before the click). */
export async function nextWindow(extension: ExtensionSession, path: string): Promise<Page> {
  const page = await extension.context.waitForEvent('page', { predicate: (p) => p.url().includes(path) });
  await page.waitForLoadState();
  return page;
}
