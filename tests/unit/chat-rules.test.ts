import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClmInputError, DEFAULT_CHATS, defaultSeedSuffix, nextChatId, seedSuffixForChat } from '../../lib/clm/format.ts';

describe('CLM chat rules', () => {
  it('has the three default chats of CLM 2.0.1', () => {
    expect(DEFAULT_CHATS).toEqual([
      { id: '0', name: '⚡️ Urgent', seedSuffix: 'urgent' },
      { id: '1', name: '💬 General chat', seedSuffix: 'general' },
      { id: '2', name: '🤫 Secrets', seedSuffix: 'secrets' },
    ]);
    expect(Object.isFrozen(DEFAULT_CHATS)).toBe(true);
  });

  it('gives a new chat the largest numeric id + 1', () => {
    expect(nextChatId([])).toBe('0');
    expect(nextChatId(['0', '1', '2'])).toBe('3');
    expect(nextChatId(['2', '10', '7'])).toBe('11');
    expect(nextChatId(['abc', '5', '1a', ''])).toBe('6');
    expect(nextChatId(['99999999999999999999'])).toBe('100000000000000000000');
  });

  it('never returns an id already taken', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat().map(String), fc.string())), (ids) => {
        expect(ids).not.toContain(nextChatId(ids));
      }),
    );
  });

  it('uses chat_<id> for a chat without a suffix and for unknown ids', () => {
    expect(defaultSeedSuffix('3')).toBe('chat_3');
    expect(seedSuffixForChat(DEFAULT_CHATS, '1')).toBe('general');
    expect(seedSuffixForChat(DEFAULT_CHATS, '12')).toBe('chat_12');
    expect(seedSuffixForChat([], '0')).toBe('chat_0');
  });

  it('refuses ids that are not text', () => {
    expect(() => nextChatId([1 as unknown as string])).toThrow(ClmInputError);
    expect(() => defaultSeedSuffix('\ud800')).toThrow(ClmInputError);
  });
});
