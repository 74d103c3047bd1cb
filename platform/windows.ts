/** The one place that opens extension windows (`browser.windows`). */
import { browser } from 'wxt/browser';
import { extensionUrl } from './runtime.ts';

/** Opens one of the extension's own pages in a small window of its own, in front. */
export async function openExtensionWindow(path: `/${string}.html?${string}`): Promise<void> {
  await browser.windows.create({ url: extensionUrl(path), type: 'popup', width: 420, height: 640, focused: true });
}

/** Opens one of the extension's own full pages in a new tab (no `tabs` permission needed for this). */
export async function openExtensionTab(path: `/${string}.html`): Promise<void> {
  await browser.tabs.create({ url: extensionUrl(path) });
}
