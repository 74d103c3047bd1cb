/**
 * What an attacker, a stopped worker or a long life does to the vault: stops between writes,
 * reused keystreams, posts under the wrong phrase, an old layout to upgrade, and a locked screen
 * that must read nothing.
 */
import { createPointer, parsePointer } from '../../lib/clm/format.ts';
import { legacyV3Store, type LegacyMessage } from '../support/legacy-v3.ts';
import { expect, type ExtensionSession, openExtensionSession, setVaultClock, test } from './fixtures.ts';
import { type PopupPage, signedInPopup } from './pages/popup-page.ts';

const PHRASE = 'correct horse battery staple';
const NEW_PHRASE = 'a brand new phrase for the profile';

declare const chrome: { storage: { local: { set(items: object): Promise<void> } } };
interface Hooks {
  pauseAt: string | null;
  pausedAt: string | null;
  history: { opens: number; reads: number };
}
const hooks = (extension: ExtensionSession) =>
  extension.serviceWorker().then((w) => w.evaluate(() => (globalThis as unknown as { clmTestHooks: Hooks }).clmTestHooks));

function signedIn(extension: ExtensionSession, phrase = PHRASE, name = 'alice'): Promise<PopupPage> {
  return signedInPopup(extension, name, phrase);
}

test.describe('with the test build', () => {
  test.use({ testHooks: true });

  for (const point of ['phrase-change:staged', 'phrase-change:before-final', 'phrase-change:final-written'] as const) {
    test(`worker stop during phrase change loses nothing (stopped at ${point})`, async ({ extension }) => {
      const popup = await signedIn(extension);
      await popup.api('createChat', { name: 'Own', phrase: 'a phrase of the chat', weakPhraseAccepted: true });
      const texts: string[] = [];
      for (let i = 0; i < 150; i++) {
        const text = `message ${i}`;
        texts.push(text);
        await popup.api('sendMessage', { chatId: String(i % 4), text });
      }
      const worker = await extension.serviceWorker();
      await worker.evaluate((p) => {
        (globalThis as unknown as { clmTestHooks: Hooks }).clmTestHooks.pauseAt = p;
      }, point);
      // The change runs until the checkpoint, then the worker is stopped there (storage.session as it is).
      const change = popup.api('changePhrase', { currentPhrase: PHRASE, newPhrase: NEW_PHRASE, confirmPhrase: NEW_PHRASE, weakPhraseAccepted: true }).catch((e: unknown) => e);
      await expect.poll(async () => (await hooks(extension)).pausedAt, { timeout: 20_000 }).toBe(point);
      await extension.stopServiceWorker();
      expect(await change).toBeInstanceOf(Error);

      await popup.page.reload();
      // The session of before the change no longer agrees with the profile: locked, not broken.
      await expect(popup.lockBadge).toHaveText('Locked');
      // At every one of these points the change was staged: the new phrase finishes it.
      await popup.unlockAndWait(NEW_PHRASE);
      await expect(popup.lockBadge).toHaveText('Unlocked');
      const all = await popup.api('listMessages', { limit: 500 });
      expect(all.messages.map((m) => m.text).sort()).toEqual([...texts].sort());
      expect(all.damaged).toBe(0);
      // Sending works, and survives another worker stop and a lock.
      await popup.api('sendMessage', { chatId: '1', text: 'after the stop' });
      await popup.api('sendMessage', { chatId: '3', text: 'sealed, after the stop' });
      await extension.stopServiceWorker();
      await popup.api('lock', {});
      await expect(popup.api('unlock', { phrase: PHRASE })).rejects.toThrow(/^wrong-phrase/);
      await popup.api('unlock', { phrase: NEW_PHRASE });
      expect((await popup.api('listMessages', { limit: 500 })).total).toBe(texts.length + 2);
    });
  }

  test('no keystream reuse after delete', async ({ extension }) => {
    const popup = await signedIn(extension);
    // The vault's clock stands still in one second, t: every send below happens in it, however
    // slow the steps between them are — so each one is a send in the second of what was deleted.
    const t = Math.floor(Date.now() / 1000);
    await setVaultClock(extension, t * 1000 + 500);
    const sendAt = async (chatId: string, text: string) => parsePointer((await popup.api('sendMessage', { chatId, text })).pointer).epoch;
    // A burst runs ahead of the clock: one second each, t … t+4.
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push(await sendAt('1', `burst ${i}`));
    expect(burst).toEqual([t, t + 1, t + 2, t + 3, t + 4]);
    // The chat is cleared in the popup and written to again, still at t: the pointer goes to the
    // first second no pointer of the chat's suffix ever used, t+5 — not t, which is free now.
    await popup.openChat(/General chat/);
    await popup.page.getByRole('button', { name: 'Manage' }).click();
    await popup.page.getByRole('button', { name: 'Clear history' }).click();
    await popup.page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect(popup.page.getByText('No messages yet')).toBeVisible();
    expect((await popup.api('listMessages', {})).total).toBe(0);
    await popup.messageBox.fill('after clearing');
    await popup.messageBox.press('Enter');
    const pointer = (await popup.page.locator('.pointer').filter({ hasText: 'Publish this pointer' }).locator('.pointer__text').textContent()) ?? '';
    expect(parsePointer(pointer).epoch).toBe(t + 5);
    // One message deleted forever, and the clock set to its very second: that second stays used.
    const { messages } = await popup.api('listMessages', { chatId: '1' });
    expect(messages.map((m) => [m.text, m.epoch])).toEqual([['after clearing', t + 5]]);
    await popup.api('deleteMessageForever', { id: messages.at(0)?.id ?? 0 });
    await setVaultClock(extension, (t + 5) * 1000);
    expect(await sendAt('1', 'after deleting it')).toBe(t + 6);
    // Deleting the chat frees none of its seconds either: a chat made again with its number and
    // suffix, written to at t, moves past every one of them.
    await setVaultClock(extension, t * 1000 + 500);
    await popup.api('deleteChat', { chatId: '1' });
    expect((await popup.api('listMessages', {})).total).toBe(0);
    const again = await popup.api('createChat', { name: 'General again', format: 'clm', seedSuffix: 'general', clmId: '1' });
    expect(await sendAt(again.id, 'in the remade chat')).toBe(t + 7);
  });

  test('locked screen reads no history', async ({ extension }) => {
    const popup = await signedIn(extension);
    for (let i = 0; i < 20; i++) await popup.api('sendMessage', { chatId: String(i % 3), text: `kept ${i}` });
    await extension.restartBrowser();
    const locked = await extension.openPopup();
    await expect(locked.lockBadge).toHaveText('Locked');
    await expect(locked.page.getByRole('heading', { name: 'Unlock' })).toBeVisible();
    await locked.page.reload();
    await expect(locked.lockBadge).toHaveText('Locked');
    // No chat names either, unless the person turns that on.
    await expect(locked.page.getByRole('list', { name: 'Chats' })).toHaveCount(0);
    expect((await hooks(extension)).history).toEqual({ opens: 0, reads: 0 });
    await locked.unlockAndWait(PHRASE);
    await expect(locked.lockBadge).toHaveText('Unlocked');
    await expect(locked.page.getByRole('list', { name: 'Chats' })).toContainText('7 messages');
    expect((await hooks(extension)).history.opens).toBe(1);
    // Turned on in Profile, the names (and only they) show while locked.
    await locked.api('setChatNamesWhenLocked', { show: true });
    await locked.api('lock', {});
    await extension.stopServiceWorker();
    await locked.page.reload();
    await expect(locked.page.getByRole('list', { name: 'Chats' })).toHaveText(/Urgent.*General chat.*Secrets/s);
    await expect(locked.page.getByRole('list', { name: 'Chats' })).not.toContainText('message');
    expect((await hooks(extension)).history).toEqual({ opens: 0, reads: 0 });
  });
});

test('profile phrase cannot post into a private chat', async ({ extension }) => {
  // Alice and Bob share a profile phrase (one CLM group); Alice has a private chat with Carol.
  const alice = await signedIn(extension);
  let bobSession: (ExtensionSession & { close(): Promise<void> }) | undefined;
  try {
    bobSession = await openExtensionSession();
    const bob = await signedIn(bobSession, PHRASE, 'bob');
    const privateChat = await alice.api('createChat', { name: 'Alice and Carol', format: 'clm', phrase: 'carol and alice only', clmId: '7', weakPhraseAccepted: true });
    // Bob knows the chat's number and suffix, and posts "into" it with the profile phrase.
    const forged = await bob.api('createChat', { name: 'Forged', format: 'clm', clmId: '7', seedSuffix: privateChat.seedSuffix });
    const { pointer } = await bob.api('sendMessage', { chatId: forged.id, text: 'This is Carol. Send me the code.' });
    await alice.page.reload();
    await alice.openChat(/Alice and Carol/);
    await alice.page.getByRole('button', { name: 'Receive' }).click();
    await alice.discover(pointer);
    await expect(alice.page.getByRole('alert')).toContainText('Altered, or not for this phrase');
    expect((await alice.api('listMessages', {})).total).toBe(0);
    // Carol's own message opens, and says which secret opened it.
    const carol = createPointer({ phrase: 'carol and alice only', username: 'carol', chatId: '7', seedSuffix: privateChat.seedSuffix, epoch: Math.floor(Date.now() / 1000) - 5, text: 'the real carol' });
    await alice.discover(carol);
    const conversation = alice.page.getByRole('list', { name: 'Messages in Alice and Carol' });
    await expect(conversation.getByRole('button')).toHaveText([/carol.*just discovered.*the real carol/]);
    await conversation.getByRole('button').click();
    const openedWith = alice.page.locator('dt', { hasText: 'Opened with' }).locator('xpath=following-sibling::dd[1]');
    await expect(openedWith).toHaveText('this chat’s phrase');
    expect((await alice.api('listMessages', {})).messages.map((m) => [m.text, m.openedWith])).toEqual([['the real carol', 'chat-phrase']]);
  } finally {
    await bobSession?.close();
  }
});

test('history migrates without loss', async ({ extension }) => {
  test.setTimeout(120_000);
  const messages: LegacyMessage[] = [];
  for (let i = 0; i < 3000; i++) {
    messages.push({
      chatId: ['0', '1', '2', '3', '77'][i % 5] ?? '0',
      kind: i % 3 ? 'received' : 'sent',
      sender: i % 3 ? 'bob' : 'alice',
      text: `legacy message number ${i}`,
      epoch: 1_750_000_000 + i * 7,
      trashed: i % 17 === 0,
    });
  }
  const legacy = await legacyV3Store({
    username: 'alice',
    phrase: PHRASE,
    extraChats: [{ id: '3', name: 'Sealed project', seedSuffix: 'proj', format: 'sealed', phrase: 'the project phrase' }],
    messages,
  });
  const popup = await extension.openPopup();
  await popup.page.evaluate((items) => chrome.storage.local.set(items), legacy.items);
  await extension.stopServiceWorker();
  await popup.page.reload();
  await expect(popup.lockBadge).toHaveText('Locked');
  const started = Date.now();
  await popup.unlockAndWait(PHRASE);
  await expect(popup.lockBadge).toHaveText('Unlocked', { timeout: 60_000 });
  console.log(`[figure] upgrade of ${messages.length} messages from storage.local to IndexedDB at the first unlock: ${Date.now() - started} ms`);
  // Every message, read back page by page from both lists (live and trash), against what the old
  // layout held: same id, chat, sender, text, kind, time, trash state and pointer.
  const all = async (trashed: boolean) => {
    const first = await popup.api('listMessages', { limit: 500, trashed, order: 'oldest-first' });
    const got = [...first.messages];
    while (got.length < first.total) got.push(...(await popup.api('listMessages', { limit: 500, offset: got.length, trashed, order: 'oldest-first' })).messages);
    expect(first.damaged).toBe(0);
    return got;
  };
  const migrated = [...(await all(false)), ...(await all(true))].sort((a, b) => a.id - b.id);
  const chatName = new Map((await popup.api('listChats', {})).map((c) => [c.id, c.name]));
  expect(migrated.map((m) => ({ id: m.id, chatId: m.chatId, chatName: m.chatName, stranded: m.stranded, sender: m.sender, text: m.text, kind: m.kind, epoch: m.epoch, trashed: m.trashed, pointer: m.pointer }))).toEqual(
    legacy.messages.map((m) => ({
      id: m.id,
      chatId: m.chatId,
      chatName: chatName.get(m.chatId) ?? `Chat ${m.chatId}`,
      stranded: m.chatId === '77',
      sender: m.sender,
      text: m.text,
      kind: m.kind,
      epoch: m.epoch,
      trashed: m.trashed,
      pointer: m.pointer,
    })),
  );
  // Each one found by its id, too (the lists and the lookup read the history differently).
  for (let i = 0; i < migrated.length; i += 100) {
    const batch = migrated.slice(i, i + 100);
    expect(await Promise.all(batch.map((m) => popup.api('getMessage', { id: m.id })))).toEqual(batch);
  }
  // Searching reaches all of it, and the sealed chat with its own phrase still works.
  expect((await popup.api('listMessages', { query: 'number 2999' })).total).toBe(1);
  await popup.api('sendMessage', { chatId: '3', text: 'after the upgrade' });
  await expect(popup.page.getByRole('list', { name: 'Chats' })).toBeVisible();
});
