import { describe, expect, it, vi } from 'vitest';
import * as sealed from '../../../lib/sealed/v1.ts';
import * as keys from '../../../lib/vault/keys.ts';
import { PHRASE, setUp } from './helpers.ts';

// Count the slow derivations (scrypt) the vault asks for, without changing what they do.
vi.mock('../../../lib/sealed/v1.ts', async (importOriginal) => {
  const original = await importOriginal<typeof sealed>();
  return { ...original, deriveSealedRoot: vi.fn(original.deriveSealedRoot) };
});
vi.mock('../../../lib/vault/keys.ts', async (importOriginal) => {
  const original = await importOriginal<typeof keys>();
  return { ...original, derivePhraseKeys: vi.fn(original.derivePhraseKeys) };
});

describe('the cost of unlocking', () => {
  it('is one scrypt, whatever the number of chats with their own phrase; a new phrase costs its scrypt once', async () => {
    const { vault } = await setUp();
    const roots = vi.mocked(sealed.deriveSealedRoot);
    const stretches = vi.mocked(keys.derivePhraseKeys);
    for (let i = 0; i < 5; i++) await vault.createChat({ name: `own ${i}`, phrase: `phrase number ${i}`, weakPhraseAccepted: true });
    const pointers = [];
    for (let i = 0; i < 5; i++) pointers.push((await vault.sendMessage({ chatId: String(3 + i), text: `sealed in chat ${i}` })).pointer);
    await vault.lock({});
    roots.mockClear();
    stretches.mockClear();
    await vault.unlock({ phrase: PHRASE });
    for (const pointer of pointers) expect((await vault.discoverPointer({ pointer })).duplicate).toBe(true);
    expect(stretches).toHaveBeenCalledTimes(1);
    expect(roots).not.toHaveBeenCalled();
    await vault.setChatPhrase({ chatId: '3', phrase: 'a sixth phrase', weakPhraseAccepted: true });
    expect(roots).toHaveBeenCalledTimes(1);
  });
});
