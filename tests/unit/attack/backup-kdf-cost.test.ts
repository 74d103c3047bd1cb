/**
 * Defects an outside review of import and backup found (each `describe` names one, "review
 * found: …"); every test failed on the code before its fix and asserts the fixed behaviour.
 */
import { describe, expect, it, vi } from 'vitest';

const asked: { N: number; r: number; p: number }[] = [];
vi.mock('@noble/hashes/scrypt.js', async (original) => {
  const real = await original<typeof import('@noble/hashes/scrypt.js')>();
  return {
    ...real,
    scryptAsync: (password: Uint8Array, salt: Uint8Array, opts: { N: number; r: number; p: number }) => {
      if (opts.N * opts.r * opts.p > 2 ** 20 * 8) {
        asked.push({ N: opts.N, r: opts.r, p: opts.p });
        return Promise.reject(new Error('the test stopped a scrypt heavier than the documented maximum'));
      }
      return real.scryptAsync(password, salt, opts);
    },
  };
});

const { openBackup } = await import('../../../lib/vault/backup.ts');

describe('review found: a backup file can make the restore work far beyond the documented bound', () => {
  it('N = 2^20, r = 15, p = 16 (≈1.9 GiB and 30× the work of N = 2^20, r = 8) is refused before any scrypt runs', async () => {
    const file = JSON.stringify({
      format: 'clm-extension-backup',
      version: 1,
      kdf: { name: 'scrypt', N: 2 ** 20, r: 15, p: 16, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' },
      cipher: 'xchacha20poly1305',
      nonce: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ciphertext: 'AAAAAAAAAAAAAAAAAAAAAA==',
    });
    const error = await openBackup(file, 'any phrase').catch((e: unknown) => e);
    expect(asked).toEqual([]);
    expect(error).toMatchObject({ name: 'VaultError', code: 'invalid-input' });
  });
});
