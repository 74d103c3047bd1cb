/**
 * Where people touch it: QR codes of pointers, the keyboard, and a conversation that reads well.
 */
import { createPointer } from '../../lib/clm/format.ts';
import { expect, test } from './fixtures.ts';

const PHRASE = 'correct horse battery staple';

test('pointer QR code', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await popup.signIn('alice', PHRASE);
  const page = popup.page;
  // A sent pointer, in both formats.
  for (const [chat, name] of [
    [/General chat/, 'CLM-compatible'],
    [/Project/, 'sealed'],
  ] as const) {
    if (name === 'sealed') {
      await popup.api('createChat', { name: 'Project' });
      await page.reload();
    }
    await popup.openChat(chat);
    await popup.messageBox.fill(`a pointer to scan (${name})`);
    await popup.messageBox.press('Enter');
    const pointer = await popup.lastPointer();
    await page.getByRole('group', { name: 'Publish this pointer' }).getByRole('button', { name: 'QR code' }).click();
    expect(await popup.decodeQr('QR code of the pointer')).toBe(pointer);
    await popup.screenshots((n) => testInfo.outputPath(n), `pointer-qr-${name}`);
    await popup.tab('Chats');
  }
  // A discovered pointer, in its message's details.
  const fromBob = createPointer({ phrase: PHRASE, username: 'bob', chatId: '2', seedSuffix: 'secrets', epoch: 1_760_000_000, text: 'scan me back' });
  const { message } = await popup.api('discoverPointer', { pointer: fromBob });
  await popup.tab('History');
  await page.getByRole('list', { name: 'Messages' }).getByRole('button', { name: /scan me back/ }).click();
  await page.getByRole('button', { name: 'QR code' }).click();
  expect(await popup.decodeQr('QR code of the pointer')).toBe(fromBob);
  expect(message.pointer).toBe(fromBob);
});

test('keyboard: Escape closes the innermost thing, Enter discovers, focus goes to what opened', async ({ extension }) => {
  const popup = await extension.openPopup();
  await popup.signIn('alice', PHRASE);
  const page = popup.page;
  // A form: Escape cancels it.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('form', { name: 'New chat' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('form', { name: 'New chat' })).toHaveCount(0);

  // Receive: the pointer box takes the focus; Enter discovers (Shift+Enter would be a new line).
  await popup.openChat(/General chat/);
  await page.getByRole('button', { name: 'Receive' }).click();
  await expect(popup.pointerBox).toBeFocused();
  await page.keyboard.type('{"c": "1",');
  await page.keyboard.press('Shift+Enter');
  await expect(popup.pointerBox).toHaveValue('{"c": "1",\n');
  await popup.pointerBox.fill(createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch: 1_760_000_000, text: 'entered' }));
  await popup.pointerBox.press('Enter');
  await expect(page.getByRole('list', { name: /^Messages in / }).getByRole('listitem').filter({ hasText: 'just discovered' })).toContainText('entered');
  // Escape closes an open panel; in a confirmation, it cancels the confirmation first.
  await page.getByRole('button', { name: 'Receive' }).click();
  await expect(popup.pointerBox).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(popup.pointerBox).toHaveCount(0);
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('button', { name: 'Clear history' }).click();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeInViewport();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Clear history' })).toBeFocused();
  await expect(page.getByRole('group', { name: 'Manage this chat' }).or(page.getByLabel('Manage this chat'))).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Manage this chat')).toHaveCount(0);
  // Nothing was cleared.
  expect((await popup.api('listMessages', { chatId: '1' })).total).toBe(1);
});

test('conversation: a separator per day, the integrity note once, and "You"', async ({ extension }) => {
  const popup = await extension.openPopup();
  await popup.signIn('alice', PHRASE);
  const page = popup.page;
  const now = Math.floor(Date.now() / 1000);
  const days = [now - 9 * 86_400, now - 86_400, now - 60];
  for (const [i, epoch] of days.entries()) {
    await popup.api('discoverPointer', { pointer: createPointer({ phrase: PHRASE, username: 'bob', chatId: '1', seedSuffix: 'general', epoch, text: `day ${i}` }) });
  }
  await popup.api('sendMessage', { chatId: '1', text: 'mine, today' });
  await page.reload();
  await popup.openChat(/General chat/);
  const list = page.getByRole('list', { name: /^Messages in / });
  const separators = list.locator('.day-separator');
  await expect(separators).toHaveCount(3);
  await expect(separators.nth(1)).toHaveText('Yesterday');
  await expect(separators.nth(2)).toHaveText('Today');
  await expect(separators.nth(0)).toContainText(String(new Date((days[0] ?? 0) * 1000).getFullYear()));
  // The chat says once that its pointers are not integrity-protected; no bubble repeats it.
  await expect(popup.chatSummary).toContainText('not integrity-protected');
  await expect(list).not.toContainText('not integrity-protected');
  await expect(list.getByRole('button', { name: /mine, today/ })).toContainText('You');
  // History says "You" too.
  await popup.tab('History');
  await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toContainText('You: mine, today');
});
