import { expect, type Locator, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import type { Reply, RequestOf, RequestType, ResponseOf } from '../../../lib/wire/protocol.ts';

/** The extension API inside the page, as far as these tests use it. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** A request the background refused, with its error code. */
export class ApiError extends Error {
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  constructor(code: string, message: string, retryAfterMs: number | undefined) {
    super(`${code}: ${message}`);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The text of a pointer box (components/PointerBox.tsx) in any of the extension's pages: the group
 * named by its label ('Publish this pointer', 'Invite', 'CLM public key', or 'Pointer' by default),
 * and the code in it.
 */
export function pointerIn(page: Page, label = 'Pointer'): Locator {
  return page.getByRole('group', { name: label, exact: true }).getByRole('code');
}

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

  /** A typed request from this extension page; throws {@link ApiError} on an error reply. */
  async api<T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
    const reply = (await this.sendRaw({ type, payload })) as Reply<T>;
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.retryAfterMs);
    return reply.value;
  }

  /** Makes the profile through the API (no form), reloads, and waits until it shows unlocked. */
  async signIn(username: string, phrase: string): Promise<void> {
    await this.api('setupProfile', { username, phrase, confirmPhrase: phrase, weakPhraseAccepted: true });
    await this.page.reload();
    await expect(this.lockBadge).toHaveText('Unlocked');
  }

  /** Decodes the QR code image the page shows under `name`: drawn to a canvas, read by jsQR. */
  async decodeQr(name: string): Promise<string | null> {
    const svg = this.page.getByRole('img', { name });
    await expect(svg).toBeVisible();
    const { data, width, height } = await svg.evaluate(async (element) => {
      const size = 440;
      const xml = new XMLSerializer().serializeToString(element);
      const image = new Image();
      image.src = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml' }));
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = size;
      canvas.height = size;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no canvas');
      context.drawImage(image, 0, 0, size, size);
      return { data: [...context.getImageData(0, 0, size, size).data], width: size, height: size };
    });
    return jsQR(Uint8ClampedArray.from(data), width, height)?.data ?? null;
  }

  /** Fills the first-run form (accepting a weak phrase on purpose) and waits for the unlocked home. */
  async createProfile(username: string, phrase: string): Promise<void> {
    await this.page.getByLabel('Your name').fill(username);
    await this.page.getByLabel('Secret phrase', { exact: true }).fill(phrase);
    await this.page.getByLabel('Secret phrase again').fill(phrase);
    await this.acceptWeakPhrase();
    await this.page.getByRole('button', { name: 'Create profile' }).click();
    await this.lockBadge.filter({ hasText: 'Unlocked' }).waitFor();
  }

  /**
   * Ticks "Use this weak phrase anyway" if the form offers it (the tests' phrases are short on
   * purpose; tests/e2e/phrase-strength.spec.ts covers the rating itself).
   */
  async acceptWeakPhrase(): Promise<void> {
    const weak = this.page.getByRole('checkbox', { name: /Use this weak phrase anyway/ });
    if (await weak.isVisible()) await weak.check();
  }

  /** Types the phrase on the unlock screen and submits (does not wait for the outcome). */
  async submitPhrase(phrase: string): Promise<void> {
    await this.page.getByLabel('Secret phrase', { exact: true }).fill(phrase);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }

  /** Submits the phrase and waits until the popup has the answer: unlocked, or the field cleared for another try. */
  async unlockAndWait(phrase: string): Promise<void> {
    await this.submitPhrase(phrase);
    await this.page.waitForFunction(
      () => {
        const input = document.querySelector<HTMLInputElement>('input[type=password]');
        return input === null || (!input.disabled && input.value === '');
      },
      undefined,
      { timeout: 60_000 },
    );
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock', exact: true }).click();
    // Exact match: a plain 'Locked' filter is a case-insensitive substring and "Unlocked" matches it.
    await this.lockBadge.filter({ hasText: /^Locked$/ }).waitFor();
  }

  /** Opens one of the sections: Chats, History, Trash, Profile. */
  async tab(name: 'Chats' | 'History' | 'Trash' | 'Profile'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
  }

  async openChat(name: RegExp | string): Promise<void> {
    await this.page.getByRole('list', { name: 'Chats' }).getByRole('button', { name }).click();
  }

  get messageBox(): Locator {
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }

  get pointerBox(): Locator {
    return this.page.getByRole('textbox', { name: 'Paste a pointer' });
  }

  /** The text shown in the pointer box labelled `label` (see {@link pointerIn}). */
  pointerShown(label?: string): Locator {
    return pointerIn(this.page, label);
  }

  /** The pointer to publish for the message just sent in the open chat. */
  async lastPointer(): Promise<string> {
    return (await this.pointerShown('Publish this pointer').textContent()) ?? '';
  }

  /** The invite shown by Manage → Share chat. */
  async shownInvite(): Promise<string> {
    return (await this.pointerShown('Invite').textContent()) ?? '';
  }

  /** The CLM public key on the Profile screen. */
  get publicKey(): Locator {
    return this.pointerShown('CLM public key');
  }

  /** A chat's phrase, once shown again in its settings. */
  get revealedChatPhrase(): Locator {
    return this.page.getByRole('group', { name: 'The chat’s phrase' }).getByRole('code');
  }

  /** The open chat's header line under its name: its format and secret, in plain words. */
  get chatSummary(): Locator {
    return this.page.locator('.chat-head__summary');
  }

  /** The open chat's number in CLM and seed suffix, read from Manage → Advanced (then closed). */
  async chatNumbers(): Promise<{ clmId: string; seedSuffix: string }> {
    await this.page.getByRole('button', { name: 'Manage' }).click();
    await this.page.getByText('Advanced', { exact: true }).click();
    const clmId = await this.page.getByLabel('Number in CLM', { exact: true }).inputValue();
    const seedSuffix = (await this.page.locator('.advanced code').first().textContent()) ?? '';
    await this.page.getByRole('button', { name: 'Manage' }).click();
    return { clmId, seedSuffix };
  }

  /** Profile → My card: the card's text as the page shows it. */
  async myCard(): Promise<string> {
    await this.tab('Profile');
    const card = this.pointerShown('My card');
    await card.waitFor();
    return (await card.textContent()) ?? '';
  }

  /** The "Add a contact" form on the Chats screen (opened by {@link PopupPage.openAddContact}). */
  get addContactForm(): Locator {
    return this.page.getByRole('form', { name: 'Add a contact' });
  }

  /** Chats → "Add contact", unless the form is open already. */
  async openAddContact(): Promise<void> {
    await this.tab('Chats');
    if (await this.addContactForm.isVisible()) return;
    await this.page.getByRole('button', { name: 'Add contact' }).click();
    await this.addContactForm.waitFor();
  }

  /** Fills "Add contact" with a card (and a name, if given) and submits it; does not wait for the outcome. */
  async submitContact(card: string, name?: string): Promise<void> {
    await this.openAddContact();
    await this.addContactForm.getByRole('textbox', { name: 'Contact card' }).fill(card);
    await this.addContactForm.getByRole('textbox', { name: 'Name (optional)' }).fill(name ?? '');
    await this.addContactForm.getByRole('button', { name: 'Add contact' }).click();
  }

  /** Adds a contact from their card and waits for its chat to open. */
  async addContact(card: string, expectedName: string): Promise<void> {
    await this.submitContact(card);
    await this.addContactForm.waitFor({ state: 'detached' });
    await this.page.getByRole('heading', { level: 2, name: expectedName, exact: true }).waitFor();
  }

  /** The open chat's settings panel (Manage). */
  get managePanel(): Locator {
    return this.page.getByLabel('Manage this chat');
  }

  /** Opens Manage in the open chat, unless it is open. */
  async openManage(): Promise<void> {
    if (await this.managePanel.isVisible()) return;
    await this.page.getByRole('button', { name: 'Manage' }).click();
    await this.managePanel.waitFor();
  }

  /** The safety number Manage shows in the open contact chat, its groups separated by single spaces. */
  async safetyNumber(): Promise<string> {
    await this.openManage();
    const text = (await this.managePanel.getByRole('group', { name: 'Safety number' }).textContent()) ?? '';
    return text.replace(/\s+/g, ' ').trim();
  }

  /** Receive in the open chat: pastes the pointer and discovers it. */
  async receive(pointer: string): Promise<void> {
    const open = await this.page.getByRole('button', { name: 'Receive' }).getAttribute('aria-expanded');
    if (open !== 'true') await this.page.getByRole('button', { name: 'Receive' }).click();
    await this.discover(pointer);
  }

  /** Sends in the open chat through the composer; returns the pointer to publish for it. */
  async say(text: string): Promise<string> {
    await this.messageBox.fill(text);
    await this.messageBox.press('Enter');
    // The composer empties once the send is done and its pointer is on screen (it keeps the
    // text when the send fails). Not "wait for another pointer": two sends might give the same one.
    await expect(this.messageBox).toHaveValue('');
    await expect(this.page.getByRole('list', { name: /^Messages in / })).toContainText(text);
    return (await this.pointerShown('Publish this pointer').textContent()) ?? '';
  }

  /** Pastes a pointer into the discover box and submits it. */
  async discover(pointer: string): Promise<void> {
    await this.pointerBox.fill(pointer);
    await this.page.getByRole('button', { name: 'Discover', exact: true }).click();
  }

  /** A screenshot of the popup at its real size, in the given colour scheme. */
  async screenshot(path: string, colorScheme: 'light' | 'dark'): Promise<void> {
    await this.page.emulateMedia({ colorScheme });
    await this.page.setViewportSize({ width: 380, height: 580 });
    await this.page.screenshot({ path });
  }

  /** Light and dark screenshots of the current screen. */
  async screenshots(dir: (name: string) => string, name: string): Promise<void> {
    await this.screenshot(dir(`${name}-light.png`), 'light');
    await this.screenshot(dir(`${name}-dark.png`), 'dark');
    await this.page.emulateMedia({ colorScheme: 'light' });
  }
}

/** A popup of `session` with a profile made through the API, unlocked. */
export async function signedInPopup(session: { openPopup(): Promise<PopupPage> }, username: string, phrase: string): Promise<PopupPage> {
  const popup = await session.openPopup();
  await popup.signIn(username, phrase);
  return popup;
}
