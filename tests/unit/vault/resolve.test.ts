/**
 * Pointer resolution on its own (lib/vault/resolve.ts): which chat a pointer lands in and which
 * secret opened it, as a pure function of chats, their secrets and the pointer — no storage, no
 * vault. And the periods of a chat's secrets (lib/vault/chat-secrets.ts) that decide it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPointer } from '../../../lib/clm/format.ts';
import { contactChatKey } from '../../../lib/contacts/key-agreement.ts';
import { PointerError } from '../../../lib/clm/errors.ts';
import { newIdentity } from '../../../lib/contacts/identity.ts';
import { toBase64 } from '../../../lib/encoding/bytes.ts';
import { createSealedPointer, sealedChatKey } from '../../../lib/sealed/v1.ts';
import { sealV2 } from '../../../lib/sealed/v2.ts';
import { ChatSecrets } from '../../../lib/vault/chat-secrets.ts';
import { parseAnyPointer, resolvePointer, type ResolveContext, UnopenedPointer, VIA_CONTACT_KEY } from '../../../lib/vault/resolve.ts';
import type { ChatRecord, ChatSecretsValue } from '../../../lib/vault/schema.ts';
import type { Unlocked } from '../../../lib/vault/session.ts';

const PROFILE = 'the group phrase';
const OWN = 'only the two of us';
const NEW_OWN = 'after Carol left';
// Stand-ins for scrypt roots: resolution only passes them to the chat-key function.
const root = (n: number) => new Uint8Array(32).fill(n);
const PROFILE_ROOT = root(1);
const OWN_ROOT = root(2);
const NEW_OWN_ROOT = root(3);
const RETIRED_AT = 1_800_000_000;

const unlocked: Unlocked = {
  username: 'alice',
  phrase: PROFILE,
  history: { keys: new Map(), current: 1, indexKey: new Uint8Array(32) },
  profileRoot: PROFILE_ROOT,
  unlockedAt: 0,
};

function chat(id: string, more: Partial<ChatRecord> = {}): ChatRecord {
  return { id, name: `Chat ${id}`, seedSuffix: `chat_${id}`, createdAt: 0, format: 'clm', phrase: 'master', serial: Number(id), ...more };
}

const general = chat('1', { seedSuffix: 'general' });
/** Chat 7 had its own phrase; at RETIRED_AT it moved to another (Carol was removed). */
const privateChat = chat('7', { phrase: 'own', format: 'sealed' });
/** Known here as chat 9, in pointers as 3 (its number in CLM). */
const renumbered = chat('9', { wireId: '3', seedSuffix: 'book club' });

const secrets: ChatSecretsValue = {
  '7': {
    phrases: [
      { phrase: OWN, root: toBase64(OWN_ROOT) },
      { phrase: NEW_OWN, root: toBase64(NEW_OWN_ROOT) },
    ],
    periods: [
      { from: null, use: 1 },
      { from: RETIRED_AT, use: 2 },
    ],
  },
};

function context(chats: readonly ChatRecord[], extra: Partial<ResolveContext> = {}): ResolveContext {
  return {
    chats,
    secrets,
    unlocked,
    chatKey: (r, suffix) => sealedChatKey(r, suffix),
    contactKey: () => {
      throw new Error('no contact here');
    },
    ...extra,
  };
}

const clm = (phrase: string, chatId: string, seedSuffix: string, epoch: number, text = 'hi') =>
  parseAnyPointer(createPointer({ phrase, username: 'bob', chatId, seedSuffix, epoch, text }));

describe('resolvePointer: CLM pointers', () => {
  const ctx = context([general, privateChat, renumbered]);

  it('opens a chat on the profile phrase with it (via 0)', () => {
    const r = resolvePointer(clm(PROFILE, '1', 'general', 1_700_000_000), ctx);
    expect(r).toMatchObject({ chat: { id: '1' }, via: 0, format: 'clm', epoch: 1_700_000_000, wireId: '1', found: { sender: 'bob', text: 'hi' } });
  });

  it('finds a chat by its CLM number, not its id here', () => {
    expect(resolvePointer(clm(PROFILE, '3', 'book club', 5), ctx).chat?.id).toBe('9');
    // Its id here is not what pointers carry: a pointer naming 9 is for a chat 9 nobody has here.
    expect(() => resolvePointer(clm(PROFILE, '9', 'book club', 5), ctx)).toThrow(UnopenedPointer);
  });

  it('a chat with its own phrase refuses the profile phrase', () => {
    const forged = clm(PROFILE, '7', 'chat_7', RETIRED_AT + 10);
    expect(() => resolvePointer(forged, ctx)).toThrow('does not open with the phrase of its chat');
    try {
      resolvePointer(forged, ctx);
    } catch (error) {
      // The chat exists: this is not a stranded message.
      expect((error as UnopenedPointer).unknownChatId).toBeUndefined();
    }
  });

  it('a retired phrase opens only what was written before it was retired', () => {
    expect(resolvePointer(clm(OWN, '7', 'chat_7', RETIRED_AT - 1), ctx)).toMatchObject({ chat: { id: '7' }, via: 1 });
    expect(() => resolvePointer(clm(OWN, '7', 'chat_7', RETIRED_AT), ctx)).toThrow(UnopenedPointer);
    // The current phrase opens any time (members switch at different moments).
    expect(resolvePointer(clm(NEW_OWN, '7', 'chat_7', RETIRED_AT - 1000), ctx)).toMatchObject({ via: 2 });
    expect(resolvePointer(clm(NEW_OWN, '7', 'chat_7', RETIRED_AT + 1000), ctx)).toMatchObject({ via: 2 });
  });

  it('a number no chat has: stranded under CLM’s rule (profile phrase, chat_<id>), never in a chat', () => {
    const r = resolvePointer(clm(PROFILE, '77', 'chat_77', 10), ctx);
    expect(r).toMatchObject({ chat: null, via: 0, wireId: '77' });
    let caught: unknown;
    try {
      resolvePointer(clm('another group', '77', 'chat_77', 10), ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnopenedPointer);
    expect((caught as UnopenedPointer).unknownChatId).toBe('77');
    expect((caught as UnopenedPointer).message).toContain('chat 77, which you do not have');
  });
});

describe('resolvePointer: sealed pointers', () => {
  const ctx = context([general, privateChat, renumbered]);
  const sealed = (r: Uint8Array, suffix: string, chatId: string, epoch: number) =>
    parseAnyPointer(createSealedPointer({ chatKey: sealedChatKey(r, suffix), username: 'bob', chatId, epoch, text: 'sealed hi' }));

  it('lands in the chat whose key opens it, whatever id it names', () => {
    // Bob has the private chat as his chat 4.
    expect(resolvePointer(sealed(NEW_OWN_ROOT, 'chat_7', '4', RETIRED_AT + 5), ctx)).toMatchObject({ chat: { id: '7' }, via: 2, format: 'sealed' });
  });

  it('the retired phrase’s key after retirement, and a key nobody has, are refused', () => {
    expect(() => resolvePointer(sealed(OWN_ROOT, 'chat_7', '7', RETIRED_AT + 5), ctx)).toThrow('No chat of yours can read this sealed pointer');
    expect(() => resolvePointer(sealed(root(99), 'chat_7', '7', 5), ctx)).toThrow(UnopenedPointer);
  });
});

describe('resolvePointer: sealed pointers of version 2', () => {
  const me = newIdentity(new Uint8Array(32).fill(11));
  const them = newIdentity(new Uint8Array(32).fill(22));
  const contactChat = chat('12', {
    phrase: 'contact',
    format: 'sealed2',
    contact: { theirPublicKey: toBase64(them.publicKey), myPublicKey: toBase64(me.publicKey), formerPublicKeys: [], verified: false },
  });
  const key = contactChatKey(them.privateKey, them.publicKey, me.publicKey);
  const ctx = context([general, privateChat, contactChat], {
    contactKey: () => contactChatKey(me.privateKey, me.publicKey, them.publicKey),
  });

  it('a contact’s pointer opens with the agreed key; its time and chat come from inside', () => {
    const p = parseAnyPointer(sealV2({ key, epoch: 1_750_000_000, sender: 'bob', text: 'no metadata' }));
    expect(p).toMatchObject({ format: 'sealed2', wireId: null, epoch: null });
    expect(resolvePointer(p, ctx)).toMatchObject({ chat: { id: '12' }, via: VIA_CONTACT_KEY, epoch: 1_750_000_000, wireId: '12', found: { text: 'no metadata' } });
  });

  it('a chat’s retired phrase opens no v2 pointer dated after its retirement', () => {
    const k = sealedChatKey(OWN_ROOT, 'chat_7');
    expect(resolvePointer(parseAnyPointer(sealV2({ key: k, epoch: RETIRED_AT - 1, sender: 'bob', text: 'old' })), ctx)).toMatchObject({ chat: { id: '7' }, via: 1 });
    expect(() => resolvePointer(parseAnyPointer(sealV2({ key: k, epoch: RETIRED_AT + 1, sender: 'bob', text: 'new' })), ctx)).toThrow('no longer uses');
  });

  it('no key of ours: refused', () => {
    const stranger = sealV2({ key: new Uint8Array(32).fill(5), epoch: 1, sender: 'eve', text: 'x' });
    expect(() => resolvePointer(parseAnyPointer(stranger), ctx)).toThrow(UnopenedPointer);
  });
});

describe('parseAnyPointer', () => {
  it('never throws anything but PointerError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `CLM1:${s}`), fc.string().map((s) => `CLM2:${s}`), fc.string().map((s) => `{"c": "1", "e": 1, "d": "${s}"}`)), (text) => {
        try {
          parseAnyPointer(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PointerError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the canonical text of each format', () => {
    expect(parseAnyPointer('  {"c":"1","e":5,"d":"ab"} ').canonical).toBe('{"c": "1", "e": 5, "d": "ab"}');
    const v2 = sealV2({ key: new Uint8Array(32), epoch: 1, sender: 'a', text: 'b' });
    expect(parseAnyPointer(v2.toLowerCase()).canonical).toBe(v2);
  });
});

describe('ChatSecrets periods', () => {
  const entry = { phrases: [], periods: [{ from: null, use: 0 }] };

  it('withPeriod numbers a new phrase and reuses the number of one the chat had', () => {
    const one = ChatSecrets.withPeriod(entry, { phrase: OWN, root: OWN_ROOT }, 100);
    const two = ChatSecrets.withPeriod(one, { phrase: NEW_OWN, root: NEW_OWN_ROOT }, 200);
    const back = ChatSecrets.withPeriod(two, { phrase: OWN, root: OWN_ROOT }, 300);
    const profile = ChatSecrets.withPeriod(back, undefined, 400);
    expect(profile.phrases.map((p) => p.phrase)).toEqual([OWN, NEW_OWN]);
    expect(profile.periods).toEqual([
      { from: null, use: 0 },
      { from: 100, use: 1 },
      { from: 200, use: 2 },
      { from: 300, use: 1 },
      { from: 400, use: 0 },
    ]);
  });

  it('forEpoch: the current secret always, a retired one only before it was retired', () => {
    const c = chat('7');
    const value: ChatSecretsValue = { '7': ChatSecrets.withPeriod(ChatSecrets.withPeriod(entry, { phrase: OWN, root: OWN_ROOT }, 100), { phrase: NEW_OWN, root: NEW_OWN_ROOT }, 200) };
    const uses = (epoch: number) => ChatSecrets.forEpoch(value, c, unlocked, epoch).map((s) => s.use);
    // A phrase opens what was written before its period began (a member may switch early); only
    // its retirement bounds it.
    expect(uses(50)).toEqual([2, 1, 0]);
    expect(uses(150)).toEqual([2, 1]);
    expect(uses(250)).toEqual([2]);
    expect(ChatSecrets.current(value, c, unlocked)).toMatchObject({ use: 2, phrase: NEW_OWN });
    expect(ChatSecrets.all(value, c, unlocked).map((s) => s.use)).toEqual([2, 1, 0]);
    // A chat with no entry has only ever used the profile phrase.
    expect(ChatSecrets.forEpoch(value, chat('8'), unlocked, 1)).toEqual([{ use: 0, phrase: PROFILE, root: PROFILE_ROOT }]);
  });

  it('a period without a date retires nothing', () => {
    const value: ChatSecretsValue = { '7': { phrases: [{ phrase: OWN, root: toBase64(OWN_ROOT) }], periods: [{ from: null, use: 0 }, { from: null, use: 1 }] } };
    expect(ChatSecrets.forEpoch(value, chat('7'), unlocked, 10 ** 12).map((s) => s.use)).toEqual([1, 0]);
  });

  it('a missing phrase is damaged storage, not a crash', () => {
    const value: ChatSecretsValue = { '7': { phrases: [], periods: [{ from: null, use: 3 }] } };
    expect(() => ChatSecrets.current(value, chat('7'), unlocked)).toThrow('A chat’s phrase is missing.');
  });
});
