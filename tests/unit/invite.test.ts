import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../lib/encoding/base32.ts';
import { type ChatInvite, createInvite, InviteError, parseInvite } from '../../lib/invites/invite.ts';

/** A well-formed invite of version 2 (checksum valid), which version 1 readers must refuse. */
function newerVersion(): string {
  const bytes = fromBase32(createInvite(invite).slice(9)) as Uint8Array;
  const body = bytes.slice(0, bytes.length - 4);
  body[0] = 2;
  const label = new TextEncoder().encode('clm-invite/v1');
  const sum = sha256(new Uint8Array([...label, ...body])).slice(0, 4);
  return `CLMCHAT1:${toBase32(new Uint8Array([...body, ...sum]))}`;
}

const invite: ChatInvite = { chatId: '3', name: 'Project 🚀', seedSuffix: 'our-project', format: 'sealed', phrase: 'own' };

function inviteError(text: string): InviteError {
  try {
    parseInvite(text);
  } catch (error) {
    if (error instanceof InviteError) return error;
    throw error;
  }
  throw new Error('expected an InviteError');
}

describe('chat invites', () => {
  it('round-trip, and read however they were pasted', () => {
    const text = createInvite(invite);
    expect(text).toMatch(/^CLMCHAT1:[A-Z2-7]+$/);
    expect(text.length).toBeLessThan(100);
    expect(parseInvite(text)).toEqual(invite);
    expect(parseInvite(`Join us: ${text.toLowerCase().replace(/(.{10})/g, '$1 ')} — see you`)).toEqual(invite);
  });

  it('round-trip any fields', () => {
    fc.assert(
      fc.property(
        fc.record({
          chatId: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
          name: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((n) => n.trim() !== ''),
          seedSuffix: fc.string({ unit: 'binary', maxLength: 40 }),
          format: fc.constantFrom('clm' as const, 'sealed' as const),
          phrase: fc.constantFrom('master' as const, 'own' as const),
        }),
        (i) => {
          expect(parseInvite(createInvite(i))).toEqual(i);
        },
      ),
    );
  });

  it('never carries a phrase', () => {
    const text = createInvite(invite);
    const bytes = fromBase32(text.slice(9));
    expect(bytes).toBeInstanceOf(Uint8Array);
    // Only the fields it has: 3 flags, 3 lengths, the strings, 4 checksum bytes.
    const utf8 = (s: string) => new TextEncoder().encode(s).length;
    expect((bytes as Uint8Array).length).toBe(3 + 3 + utf8('3') + utf8('Project 🚀') + utf8('our-project') + 4);
  });

  it.each([
    ['text that is no invite', 'hello there', 'not-an-invite', /starts with CLMCHAT1:/],
    ['a sealed pointer', 'CLM1:AEATCAAAM6DEYJYAAANAAAICAM', 'not-an-invite', /not a chat invite/],
    ['a mistyped invite', createInvite(invite).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'damaged', /mistyped/],
    ['a cut-off invite', createInvite(invite).slice(0, -8), 'damaged', /missing/],
    ['a newer version', newerVersion(), 'unsupported-version', /version 2/],
  ])('refuses %s with a clear error', (_, text, code, message) => {
    const error = inviteError(text);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses fields it cannot carry', () => {
    expect(() => createInvite({ ...invite, name: 'x'.repeat(256) })).toThrow(InviteError);
    expect(() => createInvite({ ...invite, chatId: '' })).toThrow(InviteError);
  });

  it('throws nothing but InviteError on junk', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'CLMHAT1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 -'.split('')) })), (text) => {
        try {
          parseInvite(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InviteError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
