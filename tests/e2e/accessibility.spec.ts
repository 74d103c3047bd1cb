/**
 * axe-core on every screen and window the extension has, in light and in dark, in English and in
 * Russian: the popup's screens in each of their states (forms open, errors shown, a message
 * opened), the import page, and the two windows the menu opens. No rule is disabled; a violation
 * fails the test with the screen, the scheme, the rule and the elements it names. Every audited
 * screen is also kept as a screenshot, for people to look at.
 *
 * The walk finds everything by role and by the catalog's words for the language it runs in, so
 * the same walk serves both languages.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createPointer } from '../../lib/clm/format.ts';
import { type Catalog, catalogBackend, type MessageKey } from '../../lib/i18n/i18n.ts';
import { expect, type ExtensionSession, openExtensionSession, test } from './fixtures.ts';
import { clickMenu, nextWindow } from './pages/menus.ts';
import { startTestSite } from './pages/test-site.ts';

const PHRASE = 'correct horse battery staple';

interface Finding {
  readonly screen: string;
  readonly scheme: 'light' | 'dark';
  readonly rule: string;
  readonly impact: string;
  readonly targets: string[];
}

/** The catalog's text of `key` in `lang`, substitutions applied: what the extension shows. */
function wordsOf(lang: 'en' | 'ru'): (key: MessageKey, ...substitutions: string[]) => string {
  const catalog = JSON.parse(readFileSync(resolve(`public/_locales/${lang}/messages.json`), 'utf8')) as Catalog;
  const backend = catalogBackend(catalog, lang);
  return (key, ...substitutions) => {
    // The catalogs test (tests/unit/i18n) holds both languages to the same keys.
    const message = backend.getMessage(key, substitutions);
    if (message === '') throw new Error(`no message ${key} in ${lang}`);
    return message;
  };
}

/** Runs axe on what `page` shows now, once per colour scheme, and keeps a screenshot of each. */
async function audit(page: Page, screen: string, checked: string[], shot: (name: string) => string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const slug = `${String(checked.length + 1).padStart(2, '0')}-${screen.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page }).analyze();
    await page.screenshot({ path: shot(`${slug}-${scheme}.png`) });
    for (const v of result.violations) {
      findings.push({ screen, scheme, rule: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  checked.push(screen);
  return findings;
}

for (const lang of ['en', 'ru'] as const) {
  test(lang === 'en' ? 'axe finds nothing' : 'axe finds nothing (Russian)', async ({ extension: english }, testInfo) => {
    test.setTimeout(300_000);
    const L = wordsOf(lang);
    const session = lang === 'en' ? english : await openExtensionSession({ lang: 'ru' });
    const findings: Finding[] = [];
    const checked: string[] = [];
    const shot = (name: string) => testInfo.outputPath(name);
    try {
      const popup = await session.openPopup();
      const page = popup.page;
      await page.setViewportSize({ width: 380, height: 580 });
      const check = async (screen: string) => findings.push(...(await audit(page, screen, checked, shot)));
      const tab = (key: 'tab_chats' | 'tab_history' | 'tab_trash' | 'tab_profile') =>
        page.getByRole('navigation', { name: L('tabs_label') }).getByRole('button', { name: L(key) }).click();
      // "Messages in <chat>", in whichever words the language puts around the chat's name.
      const [before = '', after = ''] = L('chat_messages_label', '\u0000').split('\u0000');
      const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const conversation = page.getByRole('list', { name: new RegExp(`^${escape(before)}.+${escape(after)}$`) });
      const discover = async (pointer: string) => {
        await page.getByRole('textbox', { name: L('discover_field') }).fill(pointer);
        await page.getByRole('button', { name: L('discover_button'), exact: true }).click();
      };

      // First run, then the same form with its messages shown, then the profile made.
      await expect(page.getByRole('button', { name: L('setup_submit') })).toBeVisible();
      await check('setup');
      await page.getByLabel(L('setup_name')).fill('alice');
      await page.getByLabel(L('secret_phrase'), { exact: true }).fill('short');
      await page.getByLabel(L('field_again', L('secret_phrase'))).fill('other');
      await page.getByRole('button', { name: L('setup_submit') }).click();
      await expect(page.getByRole('alert').first()).toBeVisible();
      await check('setup with errors');
      await page.getByLabel(L('secret_phrase'), { exact: true }).fill(PHRASE);
      await page.getByLabel(L('field_again', L('secret_phrase'))).fill(PHRASE);
      const weak = page.getByRole('checkbox', { name: L('phrase_accept_weak') });
      if (await weak.isVisible()) await weak.check();
      await page.getByRole('button', { name: L('setup_submit') }).click();
      await expect(page.getByRole('button', { name: L('lock_button'), exact: true })).toBeVisible();

      // Chats, and each of its forms.
      await check('chats');
      await page.getByRole('button', { name: L('chats_new_chat') }).click();
      await check('new chat form');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: L('chats_add_from_invite') }).click();
      await check('add from invite form');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: L('chats_add_contact') }).click();
      const contactForm = page.getByRole('form', { name: L('contact_form_label') });
      await contactForm.getByRole('textbox', { name: L('contact_card_field') }).fill('CLMCARD1:NOTACARD');
      await contactForm.getByRole('button', { name: L('chats_add_contact') }).click();
      await expect(contactForm.getByRole('alert')).toBeVisible();
      await check('add contact form with an error');
      await page.keyboard.press('Escape');

      // A conversation: a sent message, its pointer and QR code, Receive with an error, Manage
      // with its advanced part and the invite.
      await popup.api('createChat', { name: 'A chat whose name is long enough to be cut in the header', phrase: 'our own phrase', weakPhraseAccepted: true });
      await page.reload();
      await page.getByRole('list', { name: L('tab_chats') }).getByRole('button', { name: /A chat whose name/ }).click();
      await page.getByRole('textbox', { name: L('composer_field'), exact: true }).fill('Hello, this is a sent message');
      await page.getByRole('textbox', { name: L('composer_field'), exact: true }).press('Enter');
      await expect(conversation).toContainText('Hello, this is a sent message');
      await page.getByRole('button', { name: L('qr_code_button') }).first().click();
      await check('chat with a sent pointer and its QR code');
      await page.getByRole('button', { name: L('chat_receive') }).click();
      await discover('{"c": "1", "e": 12, "d": "zz"}');
      await expect(page.getByRole('alert').first()).toBeVisible();
      await check('chat, Receive with an error');
      await page.getByRole('button', { name: L('chat_manage') }).click();
      await page.getByText(L('settings_advanced'), { exact: true }).click();
      await page.getByRole('button', { name: L('settings_share_chat') }).click();
      await check('chat, Manage with the invite and Advanced');

      // A message from yesterday in General, then opened on its own screen.
      const now = Math.floor(Date.now() / 1000);
      const general = createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: now - 90_000, text: 'from yesterday' });
      await tab('tab_chats');
      await page.getByRole('list', { name: L('tab_chats') }).getByRole('button').nth(1).click();
      await page.getByRole('button', { name: L('chat_receive') }).click();
      await discover(general);
      await expect(conversation).toContainText('from yesterday');
      await check('chat with a day separator and a received message');
      await conversation.getByRole('button').first().click();
      await check('message');

      // A contact chat, with its safety number.
      const other = await openExtensionSession({ lang });
      try {
        const bob = await other.openPopup();
        await bob.api('setupProfile', { username: 'bob', phrase: 'bob has his own phrase', confirmPhrase: 'bob has his own phrase', weakPhraseAccepted: true });
        const { card } = await bob.api('getMyCard', {});
        await popup.api('addContact', { card });
      } finally {
        await other.close();
      }
      await page.reload();
      await page.getByRole('list', { name: L('tab_chats') }).getByRole('button', { name: /bob/ }).click();
      await page.getByRole('button', { name: L('chat_manage') }).click();
      await expect(page.getByRole('group', { name: L('safety_title') })).toBeVisible();
      await check('contact chat with its safety number');

      await tab('tab_history');
      await check('history');
      await page.getByRole('searchbox').fill('nothing like this');
      await check('history, search without results');
      await page.getByRole('searchbox').fill('');
      const first = (await popup.api('listMessages', {})).messages.at(0);
      if (first === undefined) throw new Error('no message to delete');
      await popup.api('trashMessage', { id: first.id });
      await tab('tab_trash');
      await expect(page.getByRole('list', { name: L('trash_list_label') })).toContainText(first.text);
      await check('trash');
      await tab('tab_profile');
      await page.getByText(L('profile_advanced'), { exact: true }).click();
      await page.getByText(L('help_title')).click();
      await check('profile, with Advanced and the help open');

      // Locked: the unlock screen, then a wrong phrase.
      await page.getByRole('button', { name: L('lock_button'), exact: true }).click();
      await expect(page.getByRole('heading', { name: L('unlock_title') })).toBeVisible();
      await check('unlock');
      await page.getByLabel(L('secret_phrase'), { exact: true }).fill('not the phrase');
      await page.getByRole('button', { name: L('unlock_title') }).click();
      await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 30_000 });
      await check('unlock with a wrong phrase');
      await expect(page.getByLabel(L('secret_phrase'), { exact: true })).toBeEnabled({ timeout: 30_000 });
      await page.getByLabel(L('secret_phrase'), { exact: true }).fill(PHRASE);
      await page.getByRole('button', { name: L('unlock_title') }).click();
      await expect(page.getByRole('button', { name: L('lock_button'), exact: true })).toBeVisible({ timeout: 30_000 });

      // The import page.
      const importPage = await session.context.newPage();
      await importPage.goto(`chrome-extension://${session.extensionId}/import.html`);
      await expect(importPage.getByRole('heading', { level: 1 })).toBeVisible();
      findings.push(...(await audit(importPage, 'import and backup', checked, shot)));

      // The two windows the menu opens: discovery results (one found, one broken) and compose.
      findings.push(...(await menuWindows(session, L, checked, shot)));
    } finally {
      if (session !== english) await (session as ExtensionSession & { close(): Promise<void> }).close();
    }
    console.log(`[figure] axe (${lang}) checked ${checked.length} screens × 2 colour schemes: ${checked.join('; ')}`);
    expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
  });
}

async function menuWindows(session: ExtensionSession, L: ReturnType<typeof wordsOf>, checked: string[], shot: (name: string) => string): Promise<Finding[]> {
  const site = await startTestSite();
  try {
    const good = createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: 1_760_000_001, text: 'found on a page' });
    const text = `bob wrote: ${good} and then {"c": "1", "e": 1760000002, "d": "00"}`;
    const page = await session.context.newPage();
    await page.goto(site.page('/thread', 'A thread', `<p id="post">${text}</p><textarea id="reply" aria-label="Reply"></textarea>`));
    const worker = await session.serviceWorker();
    const results = nextWindow(session, '/discover.html');
    await clickMenu(worker, page, 'clm-discover-selection', { selectionText: text });
    const discover = await results;
    await expect(discover.getByRole('list', { name: L('results_list_label') })).toContainText('found on a page');
    const findings = await audit(discover, 'discover window', checked, shot);

    await page.locator('#reply').click();
    const opened = nextWindow(session, '/compose.html');
    await clickMenu(worker, page, 'clm-write-here', { editable: true });
    const compose = await opened;
    await expect(compose.getByRole('heading', { name: L('compose_title') })).toBeVisible();
    findings.push(...(await audit(compose, 'compose window', checked, shot)));
    return findings;
  } finally {
    await site.close();
  }
}
