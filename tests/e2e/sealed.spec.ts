/**
 * Sealed pointers in the popup: a new chat seals, a default chat still speaks CLM 2.0.1, and an
 * altered sealed pointer is refused as such.
 */
import { readFileSync } from 'node:fs';
import { createPointer, discoverPointer } from '../../lib/clm.ts';
import { createSealedPointer, deriveSealedRoot, openSealedPointer, parseSealedPointer, sealedChatKey } from '../../lib/sealed.ts';
import { expect, test } from './fixtures.ts';
import type { PopupPage } from './pages/popup-page.ts';

const PHRASE = 'correct horse battery staple';

async function signedIn(popup: PopupPage): Promise<void> {
  await popup.api('setupProfile', { username: 'alice', phrase: PHRASE, confirmPhrase: PHRASE });
  await popup.page.reload();
  await expect(popup.lockBadge).toHaveText('Unlocked');
}

test('sealed round trip: a new chat seals by default; its pointers open only with the phrase', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await signedIn(popup);
  const page = popup.page;
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('radio', { name: /^Sealed/ })).toBeChecked();
  await page.getByLabel('Chat name').fill('Project');
  await page.getByRole('button', { name: 'Create chat' }).click();
  await expect(page.getByText('id 3 · suffix chat_3 · Sealed')).toBeVisible();

  await popup.messageBox.fill('sealed and delivered');
  await popup.messageBox.press('Enter');
  const pointer = await popup.lastPointer();
  expect(pointer).toMatch(/^CLM1:[A-Z2-7]+$/);
  const chatKey = sealedChatKey(await deriveSealedRoot(PHRASE), 'chat_3');
  expect(openSealedPointer(parseSealedPointer(pointer), chatKey)).toMatchObject({ sender: 'alice', text: 'sealed and delivered', chatId: '3' });
  const conversation = page.getByRole('list', { name: 'Messages in Project' });
  await expect(conversation).not.toContainText('not integrity-protected');

  // From bob, who has the same chat (same suffix) under another id in his list.
  const fromBob = createSealedPointer({ chatKey, username: 'bob', chatId: '7', epoch: Math.floor(Date.now() / 1000) - 30, text: 'got it, thanks' });
  await page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover(fromBob.toLowerCase().replace(/(.{40})/g, '$1\n'));
  await expect(page.getByRole('status').filter({ hasText: 'Message discovered' })).toContainText('bob: got it, thanks');
  await expect(conversation.getByRole('button')).toHaveText([/bob.*got it, thanks/, /You.*sealed and delivered/]);
  await popup.screenshots((n) => testInfo.outputPath(n), 'sealed-chat');
});

test('tampered sealed pointer: refused as altered or not for this phrase, nothing saved', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await signedIn(popup);
  await popup.api('createChat', { name: 'Project' });
  const { pointer } = await popup.api('sendMessage', { chatId: '3', text: 'the amount is 100' });
  await popup.api('deleteMessageForever', { id: 1 });
  // One character changed, as a forum's filter or an attacker might.
  const i = pointer.length - 20;
  const tampered = pointer.slice(0, i) + (pointer[i] === 'Q' ? 'R' : 'Q') + pointer.slice(i + 1);
  await popup.discover(tampered);
  const alert = popup.page.getByRole('alert');
  await expect(alert).toContainText('Altered, or not for this phrase');
  await expect(alert).toContainText('it is altered, or not for your phrase');
  await popup.screenshots((n) => testInfo.outputPath(n), 'tampered');
  expect((await popup.api('listMessages', {})).total).toBe(0);
  // The untouched pointer still opens.
  await popup.discover(pointer);
  await expect(popup.page.getByRole('status').filter({ hasText: 'Message discovered' })).toContainText('the amount is 100');
});

test('default chat interoperates with CLM 2.0.1, marked as not integrity-protected', async ({ extension }) => {
  const popup = await extension.openPopup();
  await signedIn(popup);
  const page = popup.page;
  const chats = await popup.api('listChats', {});
  expect(chats.map((c) => c.format)).toEqual(['clm', 'clm', 'clm']);

  // What we send in a default chat, CLM 2.0.1 reads.
  await popup.openChat(/General chat/);
  await popup.messageBox.fill('hello from the browser');
  await popup.messageBox.press('Enter');
  const pointer = await popup.lastPointer();
  expect(pointer).toMatch(/^\{"c": "1", "e": \d+, "d": "[0-9a-f]+"\}$/);
  expect(discoverPointer({ phrase: PHRASE, seedSuffix: 'general', pointer }).text).toBe('hello from the browser');

  // What CLM 2.0.1 made, we read.
  const vectors = JSON.parse(readFileSync(new URL('../vectors/clm-2.0.1.json', import.meta.url), 'utf8')) as {
    pointers: { master: string; seed_suffix: string; username: string; message: string; pointer: string }[];
  };
  const vector = vectors.pointers.find((v) => v.master === PHRASE && v.seed_suffix === 'general');
  if (!vector) throw new Error('vector missing');
  await page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover(vector.pointer);
  const result = page.getByRole('status').filter({ hasText: 'Message discovered' });
  await expect(result).toContainText(`${vector.username}: ${vector.message}`);
  await expect(result).toContainText('CLM 2.0.1 pointer: not integrity-protected.');
  await expect(page.getByRole('list', { name: 'Messages in 💬 General chat' }).getByRole('button').first()).toContainText('not integrity-protected');
  // And the other direction for good measure: bob's CLM pointer into the same chat.
  await popup.discover(createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: 1_700_000_000, text: 'old school' }));
  await expect(page.getByRole('status').filter({ hasText: 'Message discovered' })).toContainText('bob: old school');
});
