/**
 * Contacts in the popup: people who share no phrase exchange their public cards and talk; a
 * third person of the same CLM group, holding both cards, reads nothing; damaged cards are refused
 * in words; and sealed pointers of version 2 show neither the chat nor the time.
 */
import { randomBytes } from 'node:crypto';
import { formatCard } from '../../lib/contacts/card.ts';
import { newIdentity } from '../../lib/contacts/identity.ts';
import { base32Bytes, clearFields, clearFieldsIn, falseAlarmBound } from '../support/pointer-leaks.ts';
import { expect, type ExtensionSession, openExtensionSession, setVaultClock, test } from './fixtures.ts';
import { type PopupPage, signedInPopup } from './pages/popup-page.ts';

const ALICE = 'alice profile phrase, hers alone';
const BOB = 'bob profile phrase, his alone';
/** One phrase a whole CLM group shares: the profile phrase of each of its members. */
const GROUP = 'the CLM group phrase everyone here shares';

type Session = ExtensionSession & { close(): Promise<void> };
const sessions: Session[] = [];
test.afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

/** Another person: a second Chromium with a profile of its own. */
async function otherBrowser(): Promise<Session> {
  const session = await openExtensionSession();
  sessions.push(session);
  return session;
}

/** The conversation of the open chat. */
function conversation(popup: PopupPage, chatName: string) {
  return popup.page.getByRole('list', { name: `Messages in ${chatName}` });
}

/** The open chat list's entry of a chat. */
function listed(popup: PopupPage, chatName: RegExp) {
  return popup.page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: chatName });
}

test('contact cards', async ({ extension }, testInfo) => {
  const shot = (n: string) => testInfo.outputPath(n);
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const bob = await signedInPopup(await otherBrowser(), 'bob', BOB);

  // Each reads their card off Profile → My card, as they would copy it.
  const aliceCard = await alice.myCard();
  expect(aliceCard).toMatch(/^CLMCARD1:[A-Z2-7]+$/);
  await alice.page.getByRole('heading', { name: 'My card' }).evaluate((h) => {
    h.scrollIntoView({ block: 'start' });
  });
  await alice.screenshots(shot, 'my-card');
  await alice.page.getByRole('group', { name: 'My card' }).getByRole('button', { name: 'QR code' }).click();
  expect(await alice.decodeQr('QR code of my card')).toBe(aliceCard);
  await alice.screenshots(shot, 'my-card-qr');
  const bobCard = await bob.myCard();
  expect(bobCard).toMatch(/^CLMCARD1:[A-Z2-7]+$/);
  expect(bobCard).not.toBe(aliceCard);

  // Each adds the other's card: the contact's chat opens, and says what it is.
  await alice.addContact(bobCard, 'bob');
  await expect(alice.chatSummary).toHaveText('Contact · sealed, hides chat and time');
  await bob.addContact(aliceCard, 'alice');
  await expect(bob.chatSummary).toHaveText('Contact · sealed, hides chat and time');

  // Alice writes; Bob, who has no phrase of hers, discovers it in the chat's Receive.
  const hello = await alice.say('Hello Bob, no phrase between us');
  expect(hello).toMatch(/^CLM2:[A-Z2-7]+$/);
  await bob.receive(hello);
  await expect(conversation(bob, 'alice')).toContainText('Hello Bob, no phrase between us');
  const reply = await bob.say('Hi Alice, read you');
  expect(reply).toMatch(/^CLM2:[A-Z2-7]+$/);
  await alice.receive(reply);
  await expect(conversation(alice, 'bob').getByRole('button')).toHaveText([/You.*Hello Bob, no phrase between us/, /bob.*Hi Alice, read you/]);
  await alice.screenshots(shot, 'contact-chat');

  // Both Manage panels show the same safety number, readable in twelve groups of five.
  const aliceSees = await alice.safetyNumber();
  expect(aliceSees).toMatch(/^(\d{5} ){11}\d{5}$/);
  expect(await bob.safetyNumber()).toBe(aliceSees);
  // A contact chat has no phrase, format, number or invite to change.
  for (const absent of [alice.managePanel.getByRole('button', { name: 'Share chat' }), alice.managePanel.getByLabel('Pointers'), alice.managePanel.getByText('Advanced')]) {
    await expect(absent).toHaveCount(0);
  }
  await expect(alice.managePanel.getByRole('button', { name: /phrase/ })).toHaveCount(0);
  await alice.screenshots(shot, 'contact-manage');

  // Bob compared it with Alice in person: he marks it, and it stays marked.
  const verified = bob.managePanel.getByRole('checkbox', { name: /^Verified/ });
  await expect(verified).not.toBeChecked();
  await verified.check();
  await expect(bob.chatSummary).toHaveText('Contact · sealed, hides chat and time · verified');
  await bob.page.reload();
  await expect(listed(bob, /alice/)).toContainText('✓ Verified');
  await bob.screenshots(shot, 'chats-verified-contact');
  // Alice did not mark hers: her list says nothing of the kind.
  await alice.tab('Chats');
  await expect(listed(alice, /bob/)).toContainText('Contact');
  await expect(listed(alice, /bob/)).not.toContainText('Verified');
});

test('a third person with both cards cannot read', async ({ extension }) => {
  // Alice, Bob and Eve are one CLM group: the same profile phrase.
  const alice = await signedInPopup(extension, 'alice', GROUP);
  const bobSession = await otherBrowser();
  const bob = await signedInPopup(bobSession, 'bob', GROUP);
  const aliceCard = await alice.myCard();
  const bobCard = await bob.myCard();
  await alice.addContact(bobCard, 'bob');
  await bob.addContact(aliceCard, 'alice');
  const fromAlice = await alice.say('for Bob, not for the group');
  const fromBob = await bob.say('for Alice, not for the group');
  // The pointers are good: each opens for the one it was written for.
  await bob.receive(fromAlice);
  await expect(conversation(bob, 'alice')).toContainText('for Bob, not for the group');
  await alice.receive(fromBob);
  await expect(conversation(alice, 'bob')).toContainText('for Alice, not for the group');
  // Bob is done: his browser closes before Eve's opens (three at once would crowd two cores).
  sessions.splice(sessions.indexOf(bobSession), 1);
  await bobSession.close();

  // Eve, in a browser and profile of her own, has the group's phrase and both cards.
  const eve = await signedInPopup(await otherBrowser(), 'eve', GROUP);
  await eve.addContact(aliceCard, 'alice');
  await eve.addContact(bobCard, 'bob');
  await eve.tab('Chats');
  for (const pointer of [fromAlice, fromBob]) {
    await eve.discover(pointer);
    const failure = eve.page.getByRole('alert');
    await expect(failure).toContainText('No key of yours opens this pointer');
    await expect(eve.page.getByText(/not for the group/)).toHaveCount(0);
  }
  await eve.tab('History');
  await expect(eve.page.getByText('No messages yet.')).toBeVisible();
  expect((await eve.api('listMessages', {})).total).toBe(0);

  // Yet Eve is in the group: what Alice writes with the group's phrase, she reads.
  const { pointer: toGroup } = await alice.api('sendMessage', { chatId: '1', text: 'for the whole group' });
  await eve.tab('Chats');
  await eve.discover(toGroup);
  await expect(eve.page.getByRole('status').filter({ hasText: 'Message discovered' })).toContainText('for the whole group');
  expect((await eve.api('listMessages', {})).messages.map((m) => m.text)).toEqual(['for the whole group']);
});

test('tampered card is refused', async ({ extension }, testInfo) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const page = alice.page;
  const ownCard = await alice.myCard();
  // Bob's card, made as his extension makes it: a name and a fresh public key.
  const bobCard = formatCard({ name: 'bob', publicKey: newIdentity(new Uint8Array(randomBytes(32))).publicKey });
  const body = bobCard.slice('CLMCARD1:'.length);
  // One character of the key changed for another base32 digit.
  const at = 30;
  const changed = `CLMCARD1:${body.slice(0, at)}${body[at] === 'A' ? 'B' : 'A'}${body.slice(at + 1)}`;
  expect(changed).not.toBe(bobCard);
  const chatsBefore = (await alice.api('listChats', {})).map((c) => c.name);

  const refusals: [string, string, RegExp][] = [
    ['one character changed', changed, /altered or mistyped: its checksum does not match/],
    ['cut off', bobCard.slice(0, -6), /incomplete or mangled/],
    ['junk', 'hi, it is Bob, add me!', /This is not a contact card/],
    ['your own card', ownCard, /That is your own card/],
  ];
  for (const [what, card, sentence] of refusals) {
    await alice.submitContact(card);
    const alert = alice.addContactForm.getByRole('alert');
    await expect(alert, what).toContainText(sentence);
    await expect(alert, what).toBeInViewport();
    await expect(alice.addContactForm, what).toBeVisible();
    if (what === 'one character changed') await alice.screenshots((n) => testInfo.outputPath(n), 'add-contact-refused');
  }
  // No chat was made by any of them.
  expect((await alice.api('listChats', {})).map((c) => c.name)).toEqual(chatsBefore);
  await expect(page.getByRole('list', { name: 'Chats' }).getByRole('listitem')).toHaveCount(chatsBefore.length);

  // Escape cancels the form; opened again, it starts clean.
  await page.keyboard.press('Escape');
  await expect(alice.addContactForm).toHaveCount(0);
  await alice.openAddContact();
  await expect(alice.addContactForm.getByRole('alert')).toHaveCount(0);
  await expect(alice.addContactForm.getByRole('textbox', { name: 'Contact card' })).toHaveValue('');

  // The intact card is taken, under the name typed; the same card again is not.
  await alice.submitContact(bobCard, 'Bob from work');
  await expect(page.getByRole('heading', { level: 2, name: 'Bob from work' })).toBeVisible();
  await alice.submitContact(bobCard);
  await expect(alice.addContactForm.getByRole('alert')).toContainText('You already have this contact: “Bob from work”.');
  expect((await alice.api('listChats', {})).filter((c) => c.phrase === 'contact').map((c) => c.name)).toEqual(['Bob from work']);
});

test.describe('on the test build (its clock stands still)', () => {
  test.use({ testHooks: true });

  test('sealed v2 hides the chat and time', async ({ extension }, testInfo) => {
    const shot = (n: string) => testInfo.outputPath(n);
    const alice = await signedInPopup(extension, 'alice', ALICE);
    const page = alice.page;
    const HIDDEN = 'the hidden chat phrase';
    const ALSO = 'another hidden chat phrase';

    // Two chats made in the popup, with pointers that hide chat and time, each with its own phrase.
    for (const [name, phrase] of [
      ['Hidden', HIDDEN],
      ['Also hidden', ALSO],
    ] as const) {
      await alice.tab('Chats');
      await page.getByRole('button', { name: 'New chat' }).click();
      await page.getByLabel('Chat name').fill(name);
      await page.getByRole('radio', { name: /^Sealed, hiding chat and time —/ }).check();
      await page.getByRole('radio', { name: /^A phrase only this chat’s members know/ }).check();
      await page.getByLabel('Chat phrase', { exact: true }).fill(phrase);
      await page.getByLabel('Chat phrase again').fill(phrase);
      await alice.acceptWeakPhrase();
      if (name === 'Hidden') {
        await page.getByRole('group', { name: 'Pointers' }).evaluate((choice) => {
          choice.scrollIntoView({ block: 'start' });
        });
        await alice.screenshots(shot, 'new-chat-formats');
      }
      await page.getByRole('button', { name: 'Create chat' }).click();
      await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
      await expect(alice.chatSummary).toHaveText('Sealed, hiding chat and time · its own phrase');
    }

    // Every send below happens in one second, the vault's clock stood still: two pointers of a chat
    // then differ only in what is random, and a field in the clear — chat, time, sender, length —
    // would be the same in each. Six of each chat: three typed in all, the rest through the API.
    const t = Math.floor(Date.now() / 1000);
    const ms = t * 1000 + 250;
    await setVaultClock(extension, ms);
    await alice.tab('Chats');
    await alice.openChat(/^Hidden/);
    const one = await alice.say('the same words');
    const two = await alice.say('the same words');
    await alice.tab('Chats');
    await alice.openChat(/^Also hidden/);
    const other = await alice.say('other words ok');
    await alice.screenshots(shot, 'sealed-v2-chat');
    const chats = await alice.api('listChats', {});
    const hidden = chats.find((c) => c.name === 'Hidden');
    const also = chats.find((c) => c.name === 'Also hidden');
    if (!hidden || !also) throw new Error('the two chats are not listed');
    const more = async (n: number, chatId: string, text: string) => {
      const pointers = [];
      for (let i = 0; i < n; i++) pointers.push((await alice.api('sendMessage', { chatId, text })).pointer);
      return pointers;
    };
    const hiddenPointers = [one, two, ...(await more(4, hidden.id, 'the same words'))];
    const alsoPointers = [other, ...(await more(5, also.id, 'other words ok'))];
    const sent = (await alice.api('listMessages', { limit: 500 })).messages;
    expect(sent.map((m) => m.epoch)).toEqual(Array.from({ length: 12 }, () => t));
    for (const p of [...hiddenPointers, ...alsoPointers]) {
      expect(p).toMatch(/^CLM2:[A-Z2-7]+$/);
      // The same size class: the same length, the words being as long.
      expect(p.length).toBe(one.length);
    }
    // Their bytes: no byte offset the same in every pointer of a chat, and no value of the writer's
    // in the clear, in any size or byte order, at any offset (tests/support/pointer-leaks.ts).
    const groups = [hiddenPointers, alsoPointers].map((g) => g.map((p) => base32Bytes(p.slice('CLM2:'.length))));
    const integers: Record<string, number> = { epoch: t, 'epoch in ms': ms, 'signed length': 'alice: the same words'.length, 'text length': 'the same words'.length };
    const texts: Record<string, string> = { sender: 'alice', signature: 'alice: ', 'one text': 'the same words', 'other text': 'other words ok' };
    for (const c of [hidden, also]) {
      if (/^\d+$/.test(c.id)) integers[`chat ${c.name}'s id`] = Number(c.id);
      if (/^\d+$/.test(c.clmId)) integers[`chat ${c.name}'s CLM number`] = Number(c.clmId);
      texts[`chat ${c.name}'s id`] = c.id;
      texts[`chat ${c.name}'s name`] = c.name;
      texts[`chat ${c.name}'s seed suffix`] = c.seedSuffix;
    }
    const fields = clearFields({ integers, texts });
    expect(falseAlarmBound(groups, fields)).toBeLessThan(1e-9);
    expect(clearFieldsIn(groups, fields)).toEqual([]);

    // Bob joins both chats by their invites (in the other order, so his chats are numbered
    // otherwise), and discovers from his Chats screen: each pointer finds its chat and its time.
    const bob = await signedInPopup(await otherBrowser(), 'bob', BOB);
    const invites = new Map<string, string>();
    for (const name of ['Hidden', 'Also hidden']) {
      await alice.tab('Chats');
      await alice.openChat(new RegExp(`^${name}`));
      await alice.openManage();
      await alice.managePanel.getByRole('button', { name: 'Share chat' }).click();
      invites.set(name, await alice.shownInvite());
    }
    for (const [name, phrase] of [
      ['Also hidden', ALSO],
      ['Hidden', HIDDEN],
    ] as const) {
      await bob.tab('Chats');
      await bob.page.getByRole('button', { name: 'Add from invite' }).click();
      await bob.page.getByRole('textbox', { name: 'Invite' }).fill(invites.get(name) ?? '');
      await bob.page.getByLabel('Chat phrase', { exact: true }).fill(phrase);
      await bob.page.getByLabel('Chat phrase again').fill(phrase);
      await bob.page.getByRole('button', { name: 'Add chat' }).click();
      await expect(bob.page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
    }
    const bobChats = await bob.api('listChats', {});
    const idOf = (name: string) => bobChats.find((c) => c.name === name)?.id ?? '';

    const sentAt = new Map((await alice.api('listMessages', {})).messages.map((m) => [m.pointer, m.epoch]));
    await bob.tab('Chats');
    for (const [pointer, chat, text] of [
      [other, 'Also hidden', 'other words ok'],
      [one, 'Hidden', 'the same words'],
    ] as const) {
      await bob.discover(pointer);
      await expect(bob.page.getByRole('status').filter({ hasText: 'Message discovered' })).toContainText(`in ${chat}`);
      const found = (await bob.api('listMessages', { chatId: idOf(chat) })).messages.find((m) => m.pointer === pointer);
      expect(found).toMatchObject({ chatName: chat, text, sender: 'alice', epoch: sentAt.get(pointer) });
    }
    await bob.screenshots(shot, 'sealed-v2-discovered');
  });
});

test('new identity: each contact needs the new card; old pointers still open', async ({ extension }, testInfo) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const bob = await signedInPopup(await otherBrowser(), 'bob', BOB);
  const page = alice.page;
  const oldCard = await alice.myCard();
  await alice.addContact(await bob.myCard(), 'bob');
  await bob.addContact(oldCard, 'alice');
  const toOldCard = await bob.say('written to your first card');

  // Profile → New identity, behind a question that says what it costs.
  await alice.tab('Profile');
  await page.getByRole('button', { name: 'New identity' }).click();
  await expect(page.getByRole('group', { name: /Each contact will need your new card/ })).toBeVisible();
  await page.getByRole('button', { name: 'Make new identity' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'New identity made' })).toBeVisible();
  await expect(alice.pointerShown('My card')).not.toHaveText(oldCard);
  const newCard = (await alice.pointerShown('My card').textContent()) ?? '';
  expect(newCard).toMatch(/^CLMCARD1:[A-Z2-7]+$/);
  await alice.screenshots((n) => testInfo.outputPath(n), 'new-identity');

  // Her chat with Bob says he needs it, in the list, the header and Manage.
  await alice.tab('Chats');
  await expect(listed(alice, /bob/)).toContainText('needs your new card');
  await alice.openChat(/bob/);
  await expect(alice.chatSummary).toHaveText('Contact · sealed, hides chat and time · needs your new card');
  await alice.openManage();
  await expect(alice.managePanel.getByRole('note')).toHaveText('Send bob your new card: until they add it, they cannot read what you write. (Profile → My card.)');
  const newNumber = await alice.safetyNumber();

  // What Bob wrote to the old card still opens; what Alice writes now, his old contact cannot.
  await alice.receive(toOldCard);
  await expect(conversation(alice, 'bob')).toContainText('written to your first card');
  const withNewKey = await alice.say('written with my new key');
  await bob.receive(withNewKey);
  await expect(bob.page.getByRole('alert')).toContainText('No key of yours opens this pointer');

  // Bob adds the new card: a chat that reads it, with the safety number Alice now sees.
  await bob.submitContact(newCard, 'alice, new card');
  await expect(bob.page.getByRole('heading', { level: 2, name: 'alice, new card' })).toBeVisible();
  expect(await bob.safetyNumber()).toBe(newNumber);
  await bob.receive(withNewKey);
  await expect(conversation(bob, 'alice, new card')).toContainText('written with my new key');
  // Once a pointer of his opens with her new key, Alice's chat stops asking.
  await alice.receive(await bob.say('got your new card'));
  await expect(conversation(alice, 'bob')).toContainText('got your new card');
  await expect(alice.chatSummary).toHaveText('Contact · sealed, hides chat and time');
});
