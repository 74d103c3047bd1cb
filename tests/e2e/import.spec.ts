/**
 * Moving in and moving house: importing CLM 2.0.1's own database (the fixture CLM made), saving
 * a backup and restoring it in another browser, and chats numbered as in CLM.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPointer, discoverPointer } from '../../lib/clm/format.ts';
import { clmRead } from '../support/clm-reference.ts';
import { expect, type ExtensionSession, openExtensionSession, test } from './fixtures.ts';
import { ImportPage } from './pages/import-page.ts';
import { type PopupPage, signedInPopup } from './pages/popup-page.ts';

/** The extension API inside the worker, as far as this test reads it. */
declare const chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>> } } };

const FIXTURE = resolve('tests/fixtures/clm-2.0.1');
const CLM_DB = `${FIXTURE}/clm.db`;
interface Expected {
  username: string;
  phrase: string;
  distinct_messages: { type: string; chat_id: string; epoch: number; signed: string; trashed: boolean }[];
  damaged_row_ids: number[];
}
const expected = JSON.parse(readFileSync(`${FIXTURE}/expected.json`, 'utf8')) as Expected;
interface Vector {
  master: string;
  username: string;
  chat_id: string;
  seed_suffix: string;
  message: string;
  pointer: string;
}
const vectors = (JSON.parse(readFileSync(resolve('tests/vectors/clm-2.0.1.json'), 'utf8')) as { pointers: Vector[] }).pointers;

let other: (ExtensionSession & { close(): Promise<void> }) | undefined;
test.afterEach(async () => {
  await other?.close();
  other = undefined;
});

/** Opens "Import and backup" from a popup button, as a person does: it comes up in a new tab. */
async function openImportFrom(popup: PopupPage, button: string | RegExp): Promise<ImportPage> {
  const [tab] = await Promise.all([popup.page.context().waitForEvent('page'), popup.page.getByRole('button', { name: button }).click()]);
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe('/import.html');
  return new ImportPage(tab);
}

test('import a CLM database', async ({ extension }, testInfo) => {
  let popup = await extension.openPopup();
  const page = await openImportFrom(popup, 'Import your CLM database or restore a backup');
  // A wrong phrase is refused before anything is made.
  await page.previewClm(CLM_DB, 'not the phrase');
  await expect(page.clm.getByRole('alert')).toContainText('made with another phrase');
  await expect(page.clm.getByRole('button', { name: /^Import/ })).toBeDisabled();

  await page.clm.getByLabel('The phrase you use in CLM').fill(expected.phrase);
  await page.clm.getByRole('button', { name: 'Preview' }).click();
  const count = expected.distinct_messages.length;
  await expect(page.clm.getByRole('status').filter({ hasText: `Made by ${expected.username}. ${count} messages to import` })).toBeVisible();
  const table = page.clm.getByRole('table', { name: 'Chats in the CLM database' });
  await expect(table.getByRole('row')).toHaveCount(1 + 7);
  await expect(table.getByRole('row', { name: /🛠 Project X/ })).toContainText('new chat');
  await expect(page.clm.getByText(`${expected.damaged_row_ids.length} message is not imported`)).toBeVisible();
  await page.page.screenshot({ path: testInfo.outputPath('import-preview.png'), fullPage: true });

  const started = Date.now();
  await page.clm.getByRole('button', { name: `Import ${count} messages` }).click();
  await expect(page.clm.getByRole('status').filter({ hasText: `Imported ${count} messages and 4 chats.` })).toBeVisible({ timeout: 30_000 });
  console.log(`[figures] CLM fixture import (${count} messages) through the page: ${Date.now() - started} ms`);
  await expect(page.page.getByRole('banner').getByText('Unlocked')).toBeVisible();

  // The popup (it closed itself when the page opened): the profile made with CLM's name, its
  // chats numbered as in CLM, their messages.
  expect(popup.page.isClosed()).toBe(true);
  popup = await extension.openPopup();
  await expect(popup.lockBadge).toHaveText('Unlocked');
  await popup.openChat(/🛠 Project X/);
  expect(await popup.chatNumbers()).toEqual({ clmId: '3', seedSuffix: 'proj-x-9649' });
  const inChat3 = expected.distinct_messages.filter((m) => m.chat_id === '3');
  const list = popup.page.getByRole('list', { name: /^Messages in / });
  for (const m of inChat3) await expect(list).toContainText(m.signed.slice(m.signed.indexOf(': ') + 2));
  // (One bubble per message; the day separators are list items too.)
  await expect(list.getByRole('listitem').filter({ has: popup.page.getByRole('button') })).toHaveCount(inChat3.length);
  // Trashed in CLM, trashed here.
  await popup.tab('Trash');
  await expect(popup.page.getByRole('list', { name: /Trash|Messages/ }).getByRole('listitem')).toHaveCount(expected.distinct_messages.filter((m) => m.trashed).length);
  // Nothing of it in storage.local: neither the phrase nor a message.
  const worker = await extension.serviceWorker();
  const local = await worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
  expect(local).not.toContain(expected.phrase);
  expect(local).not.toContain('日本語のメッセージ');
});

test('backup and restore', async ({ extension }, testInfo) => {
  const PHRASE = 'alice backs up her whole profile';
  const OWN = 'the project has a phrase of its own';
  let alice = await signedInPopup(extension, 'alice', PHRASE);
  await alice.api('sendMessage', { chatId: '1', text: 'in the general chat' });
  const project = await alice.api('createChat', { name: 'Project', format: 'sealed', phrase: OWN, weakPhraseAccepted: true });
  await alice.api('sendMessage', { chatId: project.id, text: 'in the project chat' });
  await alice.tab('Profile');
  const page = await openImportFrom(alice, 'Open Import and backup');
  alice = await extension.openPopup();

  await page.backup.getByLabel('Your profile phrase').fill('not my phrase');
  await page.backup.getByRole('button', { name: 'Save a backup' }).click();
  await expect(page.backup.getByRole('alert')).toContainText('not your profile phrase');
  const download = await page.saveBackup(PHRASE);
  await expect(page.backup.getByRole('status').filter({ hasText: 'with 2 messages' })).toBeVisible();
  expect(download.suggestedFilename()).toMatch(/^clm-backup-\d{4}-\d\d-\d\d\.json$/);
  const file = testInfo.outputPath('backup.json');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  for (const secret of [PHRASE, OWN, 'in the general chat', 'in the project chat', 'Project']) expect(text).not.toContain(secret);
  console.log(`[figures] backup of 2 messages, 4 chats: ${text.length} bytes`);

  // Another browser, no profile: the backup makes it.
  other = await openExtensionSession();
  const fresh = await other.context.newPage();
  await fresh.goto(`chrome-extension://${other.extensionId}/import.html`);
  const restore = new ImportPage(fresh);
  await expect(restore.backup).toHaveCount(0);
  await restore.checkBackup(file, PHRASE);
  await expect(restore.restore.getByRole('status').filter({ hasText: 'A backup of alice' })).toBeVisible();
  await expect(restore.restore.getByRole('status').filter({ hasText: '4 chats (1 with its own phrase), 2 messages' })).toBeVisible();
  await restore.restore.getByRole('button', { name: 'Restore' }).click();
  await expect(restore.restore.getByRole('status').filter({ hasText: 'Profile restored: 2 messages added, 4 chats' })).toBeVisible();
  await fresh.screenshot({ path: testInfo.outputPath('restored.png'), fullPage: true });

  const popup = await other.openPopup();
  await expect(popup.lockBadge).toHaveText('Unlocked');
  await popup.openChat(/Project/);
  await expect(popup.page.getByText('its own phrase')).toBeVisible();
  await expect(popup.page.getByRole('list', { name: /^Messages in / })).toContainText('in the project chat');
  // The chat's own phrase came back: a pointer written in it after the backup opens here.
  const later = await alice.api('sendMessage', { chatId: project.id, text: 'sent after the backup' });
  await popup.page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover(later.pointer);
  await expect(popup.page.getByRole('list', { name: /^Messages in / })).toContainText('sent after the backup');
  // And the restored profile locks and unlocks with the phrase of the backup.
  await popup.lock();
  await popup.unlockAndWait(PHRASE);
  await expect(popup.lockBadge).toHaveText('Unlocked');
});

test('restore refuses a wrong phrase', async ({ extension }, testInfo) => {
  const PHRASE = 'a profile phrase for this backup';
  const alice = await signedInPopup(extension, 'alice', PHRASE);
  await alice.api('sendMessage', { chatId: '1', text: 'backed up' });
  const { file } = await alice.api('exportBackup', { phrase: PHRASE });
  const path = testInfo.outputPath('backup.json');
  writeFileSync(path, file);

  other = await openExtensionSession();
  const fresh = await other.context.newPage();
  await fresh.goto(`chrome-extension://${other.extensionId}/import.html`);
  const restore = new ImportPage(fresh);
  await restore.checkBackup(path, 'a guess at the phrase');
  await expect(restore.restore.getByRole('alert')).toContainText('This phrase does not open the backup');
  await expect(restore.restore.getByRole('button', { name: 'Restore' })).toBeDisabled();
  // A damaged file is refused as one.
  const cut = testInfo.outputPath('cut.json');
  writeFileSync(cut, file.slice(0, file.length - 40));
  await restore.checkBackup(cut, PHRASE);
  await expect(restore.restore.getByRole('alert')).toContainText('damaged');
  // Nothing was made: the popup still offers to create a profile.
  const popup = await other.openPopup();
  await expect(popup.lockBadge).toHaveText('No profile');
});

test('chat id matches CLM', async ({ extension }) => {
  // A pointer CLM 2.0.1 itself made, for its chat 7 with a suffix of its own.
  const vector = vectors.find((v) => v.master === 'a' && v.chat_id === '7');
  if (!vector) throw new Error('the vectors have no chat-7 pointer with phrase "a"');
  const popup = await signedInPopup(extension, 'alice', vector.master);
  const page = popup.page;
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Chat name').fill('From CLM');
  await page.getByLabel('Number in CLM (optional)').fill('7');
  await page.getByLabel('Seed suffix (optional)').fill(vector.seed_suffix);
  await page.getByRole('radio', { name: /^CLM-compatible/ }).check();
  await page.getByRole('button', { name: 'Create chat' }).click();
  await expect(page.getByRole('heading', { name: 'From CLM' })).toBeVisible();
  expect(await popup.chatNumbers()).toEqual({ clmId: '7', seedSuffix: vector.seed_suffix });

  await page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover(vector.pointer);
  const list = page.getByRole('list', { name: /^Messages in / });
  await expect(list).toContainText(vector.message);
  // The reply carries CLM's number, and CLM's reading of it — the tests' own transcription of
  // CLM 2.0.1, checked against CLM's vectors, not lib/clm/format.ts — gives the text back.
  await popup.messageBox.fill('reply to CLM');
  await popup.messageBox.press('Enter');
  const pointer = await popup.lastPointer();
  expect(pointer).toMatch(/^\{"c": "7", "e": \d+, "d": "[0-9a-f]+"\}$/);
  const sentAt = (await popup.api('listMessages', {})).messages.find((m) => m.text === 'reply to CLM')?.epoch;
  expect(clmRead(pointer, vector.master, vector.seed_suffix)).toEqual({ chatId: '7', epoch: sentAt, signed: 'alice: reply to CLM', sender: 'alice', text: 'reply to CLM' });

  // Renumbered in Manage: the next pointer carries the new number.
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByText('Advanced', { exact: true }).click();
  await page.getByLabel('Number in CLM', { exact: true }).fill('8');
  await page.getByRole('button', { name: 'Change', exact: true }).click();
  await expect(page.getByLabel('Number in CLM', { exact: true })).toHaveValue('8');
  await page.getByRole('button', { name: 'Manage' }).click();
  expect(await popup.chatNumbers()).toEqual({ clmId: '8', seedSuffix: vector.seed_suffix });
  await popup.messageBox.fill('now as chat 8');
  await popup.messageBox.press('Enter');
  await expect.poll(() => popup.lastPointer()).toMatch(/^\{"c": "8", /);
  // The same chat's keystream (its suffix), under its new number: CLM's chat 8 of that suffix reads it.
  expect(clmRead(await popup.lastPointer(), vector.master, vector.seed_suffix)).toMatchObject({ chatId: '8', signed: 'alice: now as chat 8' });
});

test('add the chat a pointer names', async ({ extension }, testInfo) => {
  // Bob uses CLM 2.0.1 with the same group phrase; his CLM numbered a chat 6 (suffix chat_6, CLM's
  // own rule), which Alice's list does not have.
  const PHRASE = 'the group phrase of a CLM group';
  const popup = await signedInPopup(extension, 'alice', PHRASE);
  const page = popup.page;
  const epoch = Math.floor(Date.now() / 1000) - 60;
  const fromBob = createPointer({ phrase: PHRASE, username: 'bob', chatId: '6', seedSuffix: 'chat_6', epoch, text: 'book club on friday' });
  const laterFromBob = createPointer({ phrase: PHRASE, username: 'bob', chatId: '6', seedSuffix: 'chat_6', epoch: epoch + 5, text: 'bring the second book' });

  // Discovered, but kept apart: said so, with the offer to add the chat right there.
  await popup.discover(fromBob);
  const result = page.getByRole('list', { name: 'Discovered messages' }).getByRole('listitem');
  await expect(result).toContainText('book club on friday');
  await expect(result).toContainText('Chat 6 is not in your list; the message is kept apart until you add it.');
  // Creating a chat by hand never takes those messages over, even one numbered 6 with the same
  // suffix: it starts empty (and is deleted again here).
  const byHand = await popup.api('createChat', { name: 'Made by hand', clmId: '6', seedSuffix: 'chat_6', format: 'clm' });
  expect((await popup.api('listChats', {})).find((c) => c.id === byHand.id)?.messageCount).toBe(0);
  await popup.api('deleteChat', { chatId: byHand.id });
  await popup.discover(laterFromBob);
  await expect(result).toContainText('bring the second book');
  await result.getByRole('button', { name: 'Add chat 6' }).click();
  const form = result.getByRole('group', { name: 'Add chat 6' });
  await expect(form.getByLabel('Seed suffix')).toHaveValue('chat_6');
  await form.getByLabel('Chat name').fill('Book club');
  await popup.screenshots((n) => testInfo.outputPath(n), 'add-the-chat-a-pointer-names');
  await form.getByRole('button', { name: 'Add chat', exact: true }).click();

  // The chat is there with CLM's number, and both stranded messages moved into it.
  await popup.tab('Chats');
  await expect(page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: /Book club/ })).toContainText('2 messages');
  await popup.openChat(/Book club/);
  expect(await popup.chatNumbers()).toEqual({ clmId: '6', seedSuffix: 'chat_6' });
  await expect(page.getByRole('list', { name: 'Messages in Book club' }).getByRole('button')).toHaveText([/bob.*book club on friday/, /bob.*bring the second book/]);
  const history = await popup.api('listMessages', {});
  expect(history.messages.map((m) => [m.text, m.chatName, m.stranded])).toEqual([
    ['bring the second book', 'Book club', false],
    ['book club on friday', 'Book club', false],
  ]);
  // Her reply names chat 6, and Bob's CLM reads it.
  const reply = await popup.say('see you friday');
  expect(reply).toMatch(/^\{"c": "6", /);
  expect(discoverPointer({ phrase: PHRASE, seedSuffix: 'chat_6', pointer: reply }).signed).toBe('alice: see you friday');
});
