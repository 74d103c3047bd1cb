import type { Locator, Page } from '@playwright/test';

/** The extension API inside the page, as far as these tests use it. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** The popup, as a person sees it: found by roles and labels, not by test hooks. */
export class PopupPage {
  readonly page: Page;
  readonly title: Locator;
  readonly lockBadge: Locator;

  constructor(page: Page) {
    this.page = page;
    this.title = page.getByRole('heading', { level: 1, name: 'Chrono-Library Messenger' });
    this.lockBadge = page.locator('header').getByText(/^(No profile|Locked|Unlocked)$/);
  }

  /** Sends a raw message to the background from this extension page and returns the reply. */
  sendRaw(message: unknown): Promise<unknown> {
    return this.page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  }

  async screenshot(path: string, colorScheme: 'light' | 'dark'): Promise<void> {
    await this.page.emulateMedia({ colorScheme });
    await this.page.setViewportSize({ width: 380, height: 420 });
    await this.page.screenshot({ path });
  }
}
