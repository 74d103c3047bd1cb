import { describe, expect, it } from 'vitest';
import type { ChatView } from '../../../lib/wire/protocol.ts';
import { createContactsModel } from '../../../models/contacts-model.ts';
import { fakeApi, type FakeHandlers } from './fake-api.ts';

const CARD = 'CLMCARD1:AEAWC3DJMNSQ';
const NEW_CARD = 'CLMCARD1:AEAWC3DJMNSR';
const SAFETY = '12345 67890 12345 67890 12345 67890 12345 67890 12345 67890 12345 67890';

function contactChat(over: Partial<ChatView> = {}): ChatView {
  return {
    id: '3',
    clmId: '3',
    name: 'bob',
    seedSuffix: 'chat_3',
    format: 'sealed2',
    phrase: 'contact',
    messageCount: 0,
    trashedCount: 0,
    lastMessageAt: null,
    contact: { safetyNumber: SAFETY, verified: false, needsMyNewCard: false },
    ...over,
  };
}

function setUp(handlers: FakeHandlers) {
  const fake = fakeApi(handlers);
  let chatReads = 0;
  const model = createContactsModel(fake.api, () => {
    chatReads++;
    return Promise.resolve();
  });
  return { model, calls: fake.calls, chatReads: () => chatReads };
}

describe('the contacts model', () => {
  it('loads the card; "New identity" shows the new one, says so, and has the chats read again', async () => {
    const { model, calls, chatReads } = setUp({ getMyCard: () => ({ card: CARD, name: 'alice' }), newIdentity: () => ({ card: NEW_CARD, name: 'alice' }) });
    await model.loadCard();
    expect(model.card.value).toEqual({ card: CARD, name: 'alice' });
    expect(model.renewed.value).toBe(false);
    expect(await model.newIdentity()).toBe(true);
    expect(model.card.value?.card).toBe(NEW_CARD);
    expect(model.renewed.value).toBe(true);
    expect(model.renewing.value).toBe(false);
    expect(chatReads()).toBe(1);
    // Coming back to the profile later: the card is read again, the notice is gone.
    await model.loadCard();
    expect(model.renewed.value).toBe(false);
    expect(calls.map((c) => c.type)).toEqual(['getMyCard', 'newIdentity', 'getMyCard']);
  });

  it('a failed "New identity" keeps the old card and says why', async () => {
    const { model, chatReads } = setUp({ getMyCard: () => ({ card: CARD, name: 'alice' }), newIdentity: () => Promise.reject(new Error('The extension is locked.')) });
    await model.loadCard();
    expect(await model.newIdentity()).toBe(false);
    expect(model.card.value?.card).toBe(CARD);
    expect(model.renewed.value).toBe(false);
    expect(model.renewError.value).toBe('The extension is locked.');
    expect(chatReads()).toBe(0);
  });

  it('a card that cannot be loaded is said so', async () => {
    const { model } = setUp({ getMyCard: () => Promise.reject(new Error('The extension is locked.')) });
    await model.loadCard();
    expect(model.card.value).toBeNull();
    expect(model.cardError.value).toBe('The extension is locked.');
  });

  it('adds a contact from their card: the name only when one is typed, then the chats are read again', async () => {
    const { model, calls, chatReads } = setUp({ addContact: ({ name }) => contactChat(name === undefined ? {} : { name }) });
    expect(await model.add(`  ${CARD}\n`, '   ')).toMatchObject({ id: '3', name: 'bob' });
    expect(await model.add(CARD, ' Bob from work ')).toMatchObject({ name: 'Bob from work' });
    expect(calls.map((c) => c.payload)).toEqual([{ card: `  ${CARD}\n` }, { card: CARD, name: 'Bob from work' }]);
    expect(chatReads()).toBe(2);
    expect(model.addError.value).toBeNull();
    expect(model.adding.value).toBe(false);
  });

  it('shows the background’s sentence for a refused card, and asks nothing for an empty or far too long one', async () => {
    const { model, calls, chatReads } = setUp({
      addContact: () => Promise.reject(new Error('This contact card was altered or mistyped: its checksum does not match. Ask for it again.')),
    });
    expect(await model.add(CARD, '')).toBeUndefined();
    expect(model.addError.value).toMatch(/checksum does not match/);
    expect(chatReads()).toBe(0);
    expect(await model.add('  \n', '')).toBeUndefined();
    expect(model.addError.value).toBe('Paste the contact card they gave you.');
    expect(await model.add('A'.repeat(20_001), '')).toBeUndefined();
    expect(model.addError.value).toMatch(/too long to be a contact card/);
    expect(calls).toHaveLength(1);
    model.clearAddError();
    expect(model.addError.value).toBeNull();
  });

  it('marks a safety number as compared, and says why when it could not', async () => {
    let fail = false;
    const { model, calls, chatReads } = setUp({
      setContactVerified: ({ verified }) => (fail ? Promise.reject(new Error('Only a contact chat has a safety number.')) : contactChat({ contact: { safetyNumber: SAFETY, verified, needsMyNewCard: false } })),
    });
    const saving = model.setVerified('3', true, SAFETY);
    // The box shows the choice at once, while the background saves it…
    expect(model.verifyingTo.value).toBe(true);
    expect(await saving).toBe(true);
    // …and the chat itself says so once saved.
    expect(model.verifyingTo.value).toBeNull();
    expect(calls[0]?.payload).toEqual({ chatId: '3', verified: true, safetyNumber: SAFETY });
    expect(chatReads()).toBe(1);
    fail = true;
    expect(await model.setVerified('1', true, SAFETY)).toBe(false);
    expect(model.verifyError.value).toBe('Only a contact chat has a safety number.');
    expect(model.verifying.value).toBe(false);
    // A failed save: the box goes back to what is stored.
    expect(model.verifyingTo.value).toBeNull();
    model.clearVerifyError();
    expect(model.verifyError.value).toBeNull();
  });
});
