/**
 * axe-core on every screen and window the extension has, in light and in dark: the popup's
 * screens in each of their states (forms open, errors shown, a message opened), the import page,
 * and the two windows the menu opens. No rule is disabled; a violation fails the test with the
 * screen, the scheme, the rule and the elements it names.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createPointer } from '../../lib/clm.ts';
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

/** Where the screenshots of every audited screen go (light and dark, for people to look at). */
let shots: (name: string) => string = (name) => name;

/** Runs axe on what `page` shows now, once per colour scheme; returns what it found. */
async function audit(page: Page, screen: string, checked: string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await new AxeBuilder({ page }).analyze();
    const slug = `${String(checked.length + 1).padStart(2, '0')}-${screen.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    await page.screenshot({ path: shots(`${slug}-${scheme}.png`) });
    for (const v of result.violations) {
      findings.push({ screen, scheme, rule: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  checked.push(screen);
  return findings;
}

test('axe finds nothing', async ({ extension }, testInfo) => {
  test.setTimeout(240_000);
  shots = (name) => testInfo.outputPath(name);
  const findings: Finding[] = [];
  const checked: string[] = [];
  const popup = await extension.openPopup();
  const page = popup.page;
  await page.setViewportSize({ width: 380, height: 580 });
  const check = async (screen: string) => findings.push(...(await audit(page, screen, checked)));

  // First run, then the same form with its messages shown.
  await expect(page.getByRole('button', { name: 'Create profile' })).toBeVisible();
  await check('setup');
  await page.getByLabel('Your name').fill('alice');
  await page.getByLabel('Secret phrase', { exact: true }).fill('short');
  await page.getByLabel('Secret phrase again').fill('other');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await check('setup with errors');
  await popup.createProfile('alice', PHRASE);

  // Chats, and each of its forms.
  await check('chats');
  await page.getByRole('button', { name: 'New chat' }).click();
  await check('new chat form');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Add from invite' }).click();
  await check('add from invite form');
  await page.keyboard.press('Escape');
  await popup.openAddContact();
  await popup.submitContact('CLMCARD1:NOTACARD');
  await expect(popup.addContactForm.getByRole('alert')).toBeVisible();
  await check('add contact form with an error');
  await page.keyboard.press('Escape');

  // A conversation: sent and received messages, the pointer and its QR code, Receive with an
  // error, Manage with its advanced part and the invite.
  const secrets = await popup.api('createChat', { name: 'A chat whose name is long enough to be cut in the header', phrase: 'our own phrase' });
  await page.reload();
  await popup.openChat(/A chat whose name/);
  await popup.say('Hello, this is a sent message');
  const now = Math.floor(Date.now() / 1000);
  const general = createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: now - 90_000, text: 'from yesterday' });
  await page.getByRole('button', { name: 'QR code' }).first().click();
  await check('chat with a sent pointer and its QR code');
  await page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover('{"c": "1", "e": 12, "d": "zz"}');
  await expect(page.getByRole('alert')).toBeVisible();
  await check('chat, Receive with an error');
  await popup.openManage();
  await page.getByText('Advanced').click();
  await page.getByRole('button', { name: 'Share chat' }).click();
  await check('chat, Manage with the invite and Advanced');
  expect(secrets.phrase).toBe('own');

  // A message from another day in General, opened on its own screen.
  await popup.tab('Chats');
  await popup.openChat(/General/);
  await popup.receive(general);
  await expect(page.getByRole('list', { name: /^Messages in / })).toContainText('from yesterday');
  await check('chat with a day separator and a received message');
  await page.getByRole('list', { name: /^Messages in / }).getByRole('button').first().click();
  await check('message');

  // A contact chat, with its safety number.
  const other = await openExtensionSession();
  try {
    const bob = await other.openPopup();
    await bob.api('setupProfile', { username: 'bob', phrase: 'bob has his own phrase', confirmPhrase: 'bob has his own phrase' });
    const { card } = await bob.api('getMyCard', {});
    await popup.tab('Chats');
    await popup.addContact(card, 'bob');
    await popup.openManage();
    await check('contact chat with its safety number');
  } finally {
    await other.close();
  }

  await popup.tab('History');
  await check('history');
  await page.getByRole('searchbox').fill('nothing like this');
  await check('history, search without results');
  await page.getByRole('searchbox').fill('');
  const first = (await popup.api('listMessages', {})).messages.at(0);
  if (first === undefined) throw new Error('no message to delete');
  await popup.api('trashMessage', { id: first.id });
  await popup.tab('Trash');
  await expect(page.getByRole('list', { name: 'Messages in the trash' })).toContainText(first.text);
  await check('trash');
  await popup.tab('Profile');
  await check('profile');

  // Locked: the unlock screen, then a wrong phrase.
  await popup.lock();
  await check('unlock');
  await popup.unlockAndWait('not the phrase');
  await expect(page.getByRole('alert')).toBeVisible();
  await check('unlock with a wrong phrase');
  await popup.unlockAndWait(PHRASE);

  // The import page.
  const importPage = await extension.context.newPage();
  await importPage.goto(`chrome-extension://${extension.extensionId}/import.html`);
  await expect(importPage.getByRole('heading', { level: 1 })).toBeVisible();
  findings.push(...(await audit(importPage, 'import and backup', checked)));

  // The two windows the menu opens: discovery results (one found, one broken) and compose.
  findings.push(...(await menuWindows(extension, checked)));

  console.log(`[figure] axe checked ${checked.length} screens × 2 colour schemes: ${checked.join('; ')}`);
  expect(findings, JSON.stringify(findings, null, 2)).toEqual([]);
});

async function menuWindows(extension: ExtensionSession, checked: string[]): Promise<Finding[]> {
  const site = await startTestSite();
  try {
    const good = createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: 1_760_000_001, text: 'found on a page' });
    const text = `bob wrote: ${good} and then {"c": "1", "e": 1760000002, "d": "00"}`;
    const page = await extension.context.newPage();
    await page.goto(site.page('/thread', 'A thread', `<p id="post">${text}</p><textarea id="reply" aria-label="Reply"></textarea>`));
    const worker = await extension.serviceWorker();
    const results = nextWindow(extension, '/discover.html');
    await clickMenu(worker, page, 'clm-discover-selection', { selectionText: text });
    const discover = await results;
    await expect(discover.getByRole('list', { name: 'Discovered messages' })).toContainText('found on a page');
    const findings = await audit(discover, 'discover window', checked);

    await page.locator('#reply').click();
    const opened = nextWindow(extension, '/compose.html');
    await clickMenu(worker, page, 'clm-write-here', { editable: true });
    const compose = await opened;
    await expect(compose.getByRole('heading', { name: 'Write a pointer' })).toBeVisible();
    findings.push(...(await audit(compose, 'compose window', checked)));
    return findings;
  } finally {
    await site.close();
  }
}
