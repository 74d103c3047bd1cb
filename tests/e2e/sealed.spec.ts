/**
 * Sealed pointers in the popup: a new chat seals, a default chat still speaks CLM 2.0.1, and an
 * altered sealed pointer is refused as such.
 */
import { readFileSync } from 'node:fs';
import { nodeHmacDrbg } from '../../bench/drbg-reference.ts';
import { createSealedPointer, deriveSealedRoot, openSealedPointer, parseSealedPointer, sealedChatKey } from '../../lib/sealed/v1.ts';
import { expect, openExtensionSession, test } from './fixtures.ts';

const PHRASE = 'correct horse battery staple';

/**
 * CLM 2.0.1's reading of a pointer, written out here from its description and not taken from
 * lib/clm/format.ts, so that the extension is checked against an independent reading: `d` is
 * UTF-8("name: text") XOR HMAC_DRBG(UTF-8(phrase + "_" + suffix + "_" + e)); node:crypto's HMAC
 * underneath (bench/drbg-reference.ts).
 */
function clmRead(pointer: string, phrase: string, seedSuffix: string): { chatId: unknown; epoch: unknown; signed: string } {
  const { c, e, d } = JSON.parse(pointer) as { c: unknown; e: unknown; d: string };
  expect(d).toMatch(/^([0-9a-f]{2})+$/);
  const data = Buffer.from(d, 'hex');
  const keystream = nodeHmacDrbg(Buffer.from(`${phrase}_${seedSuffix}_${String(e)}`, 'utf8'), data.length);
  const signed = new TextDecoder('utf-8', { fatal: true }).decode(data.map((byte, i) => byte ^ keystream[i]));
  return { chatId: c, epoch: e, signed };
}

/** CLM 2.0.1's writing of a pointer, the same way: its `json.dumps` spacing, lowercase hex. */
function clmWrite(o: { phrase: string; seedSuffix: string; chatId: string; epoch: number; username: string; text: string }): string {
  const signed = Buffer.from(`${o.username}: ${o.text}`, 'utf8');
  const keystream = nodeHmacDrbg(Buffer.from(`${o.phrase}_${o.seedSuffix}_${o.epoch}`, 'utf8'), signed.length);
  const d = Buffer.from(signed.map((byte, i) => byte ^ keystream[i])).toString('hex');
  return `{"c": ${JSON.stringify(o.chatId)}, "e": ${o.epoch}, "d": "${d}"}`;
}

test('sealed round trip: a new chat seals by default; its pointers open only with the phrase', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await popup.signIn('alice', PHRASE);
  const page = popup.page;
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(page.getByRole('radio', { name: /^Sealed —/ })).toBeChecked();
  await page.getByLabel('Chat name').fill('Project');
  await page.getByRole('button', { name: 'Create chat' }).click();
  await expect(popup.chatSummary).toHaveText('Sealed · your profile phrase');
  expect(await popup.chatNumbers()).toEqual({ clmId: '3', seedSuffix: 'chat_3' });

  await popup.messageBox.fill('sealed and delivered');
  await popup.messageBox.press('Enter');
  const pointer = await popup.lastPointer();
  expect(pointer).toMatch(/^CLM1:[A-Z2-7]+$/);
  const chatKey = sealedChatKey(await deriveSealedRoot(PHRASE), 'chat_3');
  expect(openSealedPointer(parseSealedPointer(pointer), chatKey)).toMatchObject({ sender: 'alice', text: 'sealed and delivered', chatId: '3' });
  const conversation = page.getByRole('list', { name: 'Messages in Project' });
  await expect(conversation).not.toContainText('not integrity-protected');

  // Carol, in her own browser, has another phrase and a chat of the same suffix: the pointer is
  // refused and nothing is saved. Given the phrase (a chat with it), the same pointer opens for her.
  const other = await openExtensionSession();
  try {
    const carol = await other.openPopup();
    await carol.api('setupProfile', { username: 'carol', phrase: 'carol has another phrase', confirmPhrase: 'carol has another phrase', weakPhraseAccepted: true });
    await carol.page.reload();
    expect(await carol.api('createChat', { name: 'Project' })).toMatchObject({ id: '3', seedSuffix: 'chat_3', format: 'sealed', phrase: 'master' });
    await carol.discover(pointer);
    await expect(carol.page.getByRole('alert')).toContainText('No chat of yours can read this');
    await expect(carol.page.getByText('sealed and delivered')).toHaveCount(0);
    expect((await carol.api('listMessages', {})).total).toBe(0);
    // Made by hand with Alice's phrase and suffix, a chat still has a root of its own (a random
    // salt): it cannot read the pointer either.
    await carol.api('createChat', { name: 'Made by hand', seedSuffix: 'chat_3', phrase: PHRASE, weakPhraseAccepted: true });
    await expect(carol.api('discoverPointer', { pointer })).rejects.toMatchObject({ code: 'bad-pointer' });
    // With Alice's invite and her phrase, it opens.
    const { invite } = await popup.api('getChatInvite', { chatId: '3' });
    await carol.api('addChatFromInvite', { invite, phrase: PHRASE });
    expect(await carol.api('discoverPointer', { pointer })).toMatchObject({ message: { chatName: 'Project', sender: 'alice', text: 'sealed and delivered' } });
  } finally {
    await other.close();
  }

  // From bob, who has the same chat (same suffix) under another id in his list.
  const fromBob = createSealedPointer({ chatKey, username: 'bob', chatId: '7', epoch: Math.floor(Date.now() / 1000) - 30, text: 'got it, thanks' });
  await page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover(fromBob.toLowerCase().replace(/(.{40})/g, '$1\n'));
  // Found in this chat: the conversation shows it in place (older than alice's), marked.
  await expect(conversation.getByRole('button')).toHaveText([/bob.*just discovered.*got it, thanks/, /You.*sealed and delivered/]);
  await expect(conversation.getByRole('listitem').filter({ hasText: 'just discovered' })).toBeInViewport();
  await popup.screenshots((n) => testInfo.outputPath(n), 'sealed-chat');
});

test('tampered sealed pointer: refused as altered or not for this phrase, nothing saved', async ({ extension }, testInfo) => {
  const popup = await extension.openPopup();
  await popup.signIn('alice', PHRASE);
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
  await popup.signIn('alice', PHRASE);
  const page = popup.page;
  const chats = await popup.api('listChats', {});
  expect(chats.map((c) => c.format)).toEqual(['clm', 'clm', 'clm']);

  // What we send in a default chat, CLM 2.0.1 reads: opened here by an independent reading.
  await popup.openChat(/General chat/);
  await popup.messageBox.fill('hello from the browser');
  const sentAt = Math.floor(Date.now() / 1000);
  await popup.messageBox.press('Enter');
  const pointer = await popup.lastPointer();
  expect(pointer).toMatch(/^\{"c": "1", "e": \d+, "d": "[0-9a-f]+"\}$/);
  const read = clmRead(pointer, PHRASE, 'general');
  expect(read).toEqual({ chatId: '1', epoch: expect.any(Number), signed: 'alice: hello from the browser' });
  expect(read.epoch).toBeGreaterThanOrEqual(sentAt - 5);
  expect(read.epoch).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5);

  // What CLM 2.0.1 made, we read (the independent reading agrees with CLM on it, too).
  const vectors = JSON.parse(readFileSync(new URL('../vectors/clm-2.0.1.json', import.meta.url), 'utf8')) as {
    pointers: { master: string; seed_suffix: string; username: string; message: string; pointer: string }[];
  };
  const vector = vectors.pointers.find((v) => v.master === PHRASE && v.seed_suffix === 'general');
  if (!vector) throw new Error('vector missing');
  expect(clmRead(vector.pointer, PHRASE, 'general').signed).toBe(`${vector.username}: ${vector.message}`);
  // The chat says once, in its header, that its pointers have no integrity check.
  await expect(popup.chatSummary).toHaveText('CLM-compatible · your profile phrase · not integrity-protected');
  await page.getByRole('button', { name: 'Receive' }).click();
  await popup.discover(vector.pointer);
  // Found in this chat: the panel closes and the conversation shows the message, marked.
  const found = page.getByRole('list', { name: 'Messages in 💬 General chat' }).getByRole('listitem').filter({ hasText: 'just discovered' });
  await expect(found).toContainText(vector.message);
  await expect(found).toBeInViewport();
  await expect(found).not.toContainText('not integrity-protected');
  // And bob's pointer into the same chat, written the independent way, from the Chats screen.
  await popup.tab('Chats');
  await popup.discover(clmWrite({ phrase: PHRASE, seedSuffix: 'general', chatId: '1', epoch: 1_700_000_000, username: 'bob', text: 'old school' }));
  const result = page.getByRole('status').filter({ hasText: 'Message discovered' });
  await expect(result).toContainText('bob: old school');
  await expect(result).toContainText('CLM 2.0.1 pointer: not integrity-protected.');
});
