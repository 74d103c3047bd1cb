/**
 * Two people, two browsers: Alice (the test's browser) and Bob (a second Chromium with its own
 * profile and install). They have different profile phrases and share chats by invite, each chat
 * with a phrase of its own.
 */
import { readFileSync } from 'node:fs';
import { createInvite, parseAnyInvite } from '../../lib/invites/invite.ts';
import { expect, type ExtensionSession, openExtensionSession, test } from './fixtures.ts';
import { type PopupPage, signedInPopup } from './pages/popup-page.ts';

const ALICE = 'alice profile phrase, hers alone';
const BOB = 'bob profile phrase, his alone';

let bobSession: (ExtensionSession & { close(): Promise<void> }) | undefined;
test.afterEach(async () => {
  await bobSession?.close();
  bobSession = undefined;
});

async function bob(): Promise<PopupPage> {
  bobSession = await openExtensionSession();
  return signedInPopup(bobSession, 'bob', BOB);
}

/** Creates a chat with a phrase of its own through the popup, as a person would. */
async function createChatWithPhrase(popup: PopupPage, name: string, phrase: string, format: 'Sealed' | 'CLM-compatible' = 'Sealed'): Promise<void> {
  const page = popup.page;
  await popup.tab('Chats');
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Chat name').fill(name);
  await page.getByRole('radio', { name: new RegExp(`^${format} —`) }).check();
  await page.getByRole('radio', { name: /^A phrase only this chat’s members know/ }).check();
  await page.getByLabel('Chat phrase', { exact: true }).fill(phrase);
  await page.getByLabel('Chat phrase again').fill(phrase);
  await popup.acceptWeakPhrase();
  await page.getByRole('button', { name: 'Create chat' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('its own phrase')).toBeVisible();
}

/** Manage → Share chat: returns the invite text (and leaves the QR code on screen). */
async function shareChat(popup: PopupPage): Promise<string> {
  const page = popup.page;
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('button', { name: 'Share chat' }).click();
  await expect(page.getByRole('img', { name: /^QR code of the invite/ })).toBeVisible();
  const invite = await popup.shownInvite();
  expect(invite).toMatch(/^CLMCHAT1:[A-Z2-7]+$/);
  return invite;
}

async function addFromInvite(popup: PopupPage, invite: string, phrase: string): Promise<void> {
  const page = popup.page;
  await popup.tab('Chats');
  // The form may still be open from an earlier attempt.
  const open = page.getByRole('button', { name: 'Add from invite' });
  if (await open.isVisible()) await open.click();
  await page.getByRole('textbox', { name: 'Invite' }).fill(invite);
  await page.getByLabel('Chat phrase', { exact: true }).fill(phrase);
  await page.getByLabel('Chat phrase again').fill(phrase);
  await page.getByRole('button', { name: 'Add chat' }).click();
}

test('two people talk: a shared chat, its own phrase, both directions', async ({ extension }, testInfo) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const b = await bob();
  const P = 'project phrase given in person';

  await createChatWithPhrase(alice, 'Project', P);
  const invite = await shareChat(alice);
  // What the invite carries, decoded: the chat and that it has a phrase of its own — nothing else
  // (parseAnyInvite refuses a byte more), so not the phrase.
  const decoded = parseAnyInvite(invite);
  expect(decoded).toMatchObject({ version: 2, chatId: '3', name: 'Project', seedSuffix: 'chat_3', format: 'sealed', phrase: 'own' });
  // The chat's own random salt (not the fixed one of version 1) travels with it.
  expect(decoded.version === 2 && decoded.rootSalt.some((b) => b !== 0)).toBe(true);
  expect(Object.keys(decoded).sort()).toEqual(['chatId', 'format', 'name', 'phrase', 'rootSalt', 'seedSuffix', 'version']);
  expect(invite).not.toContain(P);
  await alice.screenshots((n) => testInfo.outputPath(n), 'share-chat');

  await addFromInvite(b, invite, P);
  await expect(b.page.getByRole('heading', { name: 'Project' })).toBeVisible();
  await expect(b.chatSummary).toHaveText('Sealed · its own phrase');
  expect(await b.chatNumbers()).toEqual({ clmId: '3', seedSuffix: 'chat_3' });

  await alice.tab('Chats');
  await alice.openChat(/Project/);
  const fromAlice = await alice.say('Hello Bob, only we can read this');
  await b.page.getByRole('button', { name: 'Receive' }).click();
  await b.discover(fromAlice);
  await expect(b.page.getByRole('list', { name: 'Messages in Project' })).toContainText('Hello Bob, only we can read this');

  const fromBob = await b.say('Hi Alice, received');
  await alice.page.getByRole('button', { name: 'Receive' }).click();
  await alice.discover(fromBob);
  await expect(alice.page.getByRole('list', { name: 'Messages in Project' }).getByRole('button')).toHaveText([/You.*Hello Bob/, /bob.*Hi Alice, received/]);
  await alice.screenshots((n) => testInfo.outputPath(n), 'two-people-chat');

  // A second shared chat, CLM-compatible this time, with another phrase.
  const Q = 'book club phrase';
  await createChatWithPhrase(alice, 'Book club', Q, 'CLM-compatible');
  const bookClub = await shareChat(alice);
  expect(parseAnyInvite(bookClub)).toMatchObject({ version: 2, chatId: '4', name: 'Book club', seedSuffix: 'chat_4', format: 'clm', phrase: 'own' });
  await addFromInvite(b, bookClub, Q);
  const { pointer } = await alice.api('sendMessage', { chatId: '4', text: 'chapter three tonight' });
  expect(pointer).toMatch(/^\{"c": "4"/);
  expect(await b.api('discoverPointer', { pointer })).toMatchObject({ message: { chatName: 'Book club', text: 'chapter three tonight' } });
});

test('chat phrase isolates chats: what Bob lacks the phrase for, he cannot read, and nothing is saved', async ({ extension }) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const b = await bob();
  await alice.api('createChat', { name: 'Alice and Bob', phrase: 'phrase A', weakPhraseAccepted: true });
  await alice.api('createChat', { name: 'Alice and Carol', phrase: 'phrase C', weakPhraseAccepted: true });
  await b.api('addChatFromInvite', { invite: (await alice.api('getChatInvite', { chatId: '3' })).invite, phrase: 'phrase A' });

  const forBob = (await alice.api('sendMessage', { chatId: '3', text: 'for Bob' })).pointer;
  const forCarol = (await alice.api('sendMessage', { chatId: '4', text: 'for Carol only' })).pointer;
  const forAlicesGroup = (await alice.api('sendMessage', { chatId: '1', text: 'for those with Alice’s profile phrase' })).pointer;

  for (const pointer of [forCarol, forAlicesGroup]) {
    await b.discover(pointer);
    await expect(b.page.getByRole('alert')).toContainText(pointer.startsWith('CLM1:') ? 'No chat of yours can read this' : 'does not open with the phrase of its chat');
  }
  expect((await b.api('listMessages', {})).total).toBe(0);
  await b.discover(forBob);
  await expect(b.page.getByRole('status').filter({ hasText: 'Message discovered' })).toContainText('alice: for Bob');
  expect((await b.api('listMessages', {})).messages.map((m) => m.text)).toEqual(['for Bob']);
});

test('chat invite: junk is refused; an id already taken still works both ways; a CLM vector group too', async ({ extension }) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const b = await bob();
  // Junk, and an invite cut short, get clear errors.
  await b.page.getByRole('button', { name: 'Add from invite' }).click();
  await b.page.getByRole('textbox', { name: 'Invite' }).fill('join my chat please');
  await b.page.getByLabel('Chat phrase', { exact: true }).fill('x');
  await b.page.getByLabel('Chat phrase again').fill('x');
  await b.page.getByRole('button', { name: 'Add chat' }).click();
  await expect(b.page.getByRole('alert')).toContainText('This is not a chat invite');
  const invite = (await alice.api('getChatInvite', { chatId: '1' })).invite;
  await b.page.getByRole('textbox', { name: 'Invite' }).fill(invite.slice(0, -5));
  await b.page.getByRole('button', { name: 'Add chat' }).click();
  await expect(b.page.getByRole('alert')).toContainText('This invite is damaged');

  // Bob already has a chat 3; Alice's chat 3 becomes his chat 4, and still talks.
  await b.api('createChat', { name: 'Bob’s own', format: 'clm' });
  const P = 'shared by the two of them';
  await alice.api('createChat', { name: 'Trip', format: 'clm', phrase: P, weakPhraseAccepted: true });
  await addFromInvite(b, (await alice.api('getChatInvite', { chatId: '3' })).invite, P);
  await expect(b.chatSummary).toHaveText('CLM-compatible · its own phrase · not integrity-protected');
  expect(await b.chatNumbers()).toEqual({ clmId: '3', seedSuffix: 'chat_3' });
  const fromAlice = (await alice.api('sendMessage', { chatId: '3', text: 'train at 9' })).pointer;
  await b.page.getByRole('button', { name: 'Receive' }).click();
  await b.discover(fromAlice);
  await expect(b.page.getByRole('list', { name: 'Messages in Trip' })).toContainText('train at 9');
  const fromBob = await b.say('platform 2');
  expect(fromBob).toMatch(/^\{"c": "3"/);
  expect(await alice.api('discoverPointer', { pointer: fromBob })).toMatchObject({ message: { chatName: 'Trip', text: 'platform 2' } });

  // A CLM 2.0.1 group: its chat and phrase, added from an invite made for it; its own pointer read.
  const vectors = JSON.parse(readFileSync(new URL('../vectors/clm-2.0.1.json', import.meta.url), 'utf8')) as {
    pointers: { master: string; chat_id: string; seed_suffix: string; username: string; message: string; pointer: string }[];
  };
  const v = vectors.pointers.find((x) => x.chat_id === '12' && x.master === 'with_underscore_1234_and_digits');
  if (!v) throw new Error('vector missing');
  const groupInvite = createInvite({ chatId: v.chat_id, name: 'CLM group', seedSuffix: v.seed_suffix, format: 'clm', phrase: 'own' });
  await addFromInvite(alice, groupInvite, v.master);
  await expect(alice.page.getByRole('heading', { name: 'CLM group' })).toBeVisible();
  await alice.page.getByRole('button', { name: 'Receive' }).click();
  await alice.discover(v.pointer);
  await expect(alice.page.getByRole('list', { name: 'Messages in CLM group' })).toContainText(v.message);
});

test('a chat’s phrase is shown again only after the profile phrase', async ({ extension }) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  await createChatWithPhrase(alice, 'Project', 'the project phrase');
  const page = alice.page;
  await page.getByRole('button', { name: 'Manage' }).click();
  await expect(page.getByText('the project phrase')).toHaveCount(0);
  await page.getByLabel('Your profile phrase, to show the chat’s').fill('not my phrase');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('That is not your profile phrase.');
  await page.getByLabel('Your profile phrase, to show the chat’s').fill(ALICE);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(alice.revealedChatPhrase).toHaveText('the project phrase');
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.getByText('the project phrase')).toHaveCount(0);
});

test('changing a chat’s phrase: only new messages use it, old pointers still open', async ({ extension }) => {
  const alice = await signedInPopup(extension, 'alice', ALICE);
  const b = await bob();
  const OLD = 'the first project phrase';
  const NEW = 'the second project phrase';
  await createChatWithPhrase(alice, 'Project', OLD);
  const before = await alice.say('written under the first phrase');

  const page = alice.page;
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('button', { name: 'Change its phrase' }).click();
  await page.getByLabel('New chat phrase', { exact: true }).fill(NEW);
  await alice.acceptWeakPhrase();
  await page.getByLabel('New chat phrase again').fill(`${NEW} typo`);
  await page.getByRole('button', { name: 'Save phrase' }).click();
  await expect(page.getByRole('alert')).toContainText('The two phrases are not the same.');
  await page.getByLabel('New chat phrase again').fill(NEW);
  await page.getByRole('button', { name: 'Save phrase' }).click();
  await expect(page.getByRole('button', { name: 'Change its phrase' })).toBeVisible();
  await page.getByRole('button', { name: 'Manage' }).click();
  const after = await alice.say('written under the second phrase');

  // Bob was given only the new phrase: he reads what came after the change, not before.
  await addFromInvite(b, (await alice.api('getChatInvite', { chatId: '3' })).invite, NEW);
  expect(await b.api('discoverPointer', { pointer: after })).toMatchObject({ message: { chatName: 'Project', text: 'written under the second phrase' } });
  await b.page.getByRole('button', { name: 'Receive' }).click();
  await b.discover(before);
  await expect(b.page.getByRole('alert')).toContainText('No chat of yours can read this');

  // Alice still reads her old pointer: the chat keeps the phrases it has used.
  await alice.api('clearChatHistory', { chatId: '3' });
  expect(await alice.api('discoverPointer', { pointer: before })).toMatchObject({ duplicate: false, message: { text: 'written under the first phrase' } });

  // Back to the profile phrase: the list says so in plain words, and new pointers are Bob-proof.
  await page.getByRole('button', { name: 'Manage' }).click();
  await page.getByRole('button', { name: 'Use my profile phrase' }).click();
  await page.getByRole('button', { name: 'Yes', exact: true }).click();
  await expect(page.getByText('This chat uses your profile phrase.')).toBeVisible();
  const later = (await alice.api('sendMessage', { chatId: '3', text: 'back on the profile phrase' })).pointer;
  await expect(b.api('discoverPointer', { pointer: later })).rejects.toMatchObject({
    code: 'bad-pointer',
    message: expect.stringContaining('No chat of yours can read this'),
  });
  await alice.tab('Chats');
  await expect(page.getByRole('list', { name: 'Chats' }).getByRole('button', { name: /Project/ })).toContainText('your profile phrase');
});
