/**
 * CLM 2.0.1 known-answer tests. `tests/vectors/clm-2.0.1.json` was produced by running CLM 2.0.1
 * itself; it is data, never edited. Every entry is checked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clmPublicKey, createPointer, discoverPointer, hmacDrbg, PointerError } from '../../lib/clm/format.ts';
import { bytesToHex } from '../../lib/encoding/hex.ts';

interface Vectors {
  source: string;
  auth: { username: string; secret: string; public_key: string }[];
  drbg: { seed_utf8: string; length: number; output_hex: string }[];
  pointers: {
    master: string;
    username: string;
    chat_id: string;
    seed_suffix: string;
    epoch: number;
    message: string;
    signed: string;
    pointer: string;
  }[];
  wrong_secret: { pointer: string; seed_suffix: string; master_used: string; original_result: string }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('../vectors/clm-2.0.1.json', import.meta.url), 'utf8'),
) as Vectors;

describe('CLM 2.0.1 vectors', () => {
  it('come from CLM 2.0.1 and are all present', () => {
    expect(vectors.source).toMatch(/2\.0\.1/);
    expect(vectors.auth).toHaveLength(9);
    expect(vectors.drbg).toHaveLength(28);
    expect(vectors.pointers).toHaveLength(24);
    expect(vectors.wrong_secret).toHaveLength(8);
  });

  describe('auth: public key', () => {
    it.each(vectors.auth.map((v, i) => [i, v] as const))('#%i', (_, v) => {
      expect(clmPublicKey(v.username, v.secret)).toBe(v.public_key);
    });
  });

  describe('drbg: raw HMAC_DRBG output', () => {
    it.each(vectors.drbg.map((v, i) => [i, v.length, v] as const))('#%i (%i bytes)', (_, __, v) => {
      const out = hmacDrbg(new TextEncoder().encode(v.seed_utf8), v.length);
      expect(out).toHaveLength(v.length);
      expect(bytesToHex(out)).toBe(v.output_hex);
    });
  });

  describe('pointers', () => {
    it.each(vectors.pointers.map((v, i) => [i, v] as const))('#%i is created byte for byte', (_, v) => {
      const pointer = createPointer({
        phrase: v.master,
        username: v.username,
        chatId: v.chat_id,
        seedSuffix: v.seed_suffix,
        epoch: v.epoch,
        text: v.message,
      });
      expect(pointer).toBe(v.pointer);
    });

    it.each(vectors.pointers.map((v, i) => [i, v] as const))('#%i is discovered', (_, v) => {
      const message = discoverPointer({ phrase: v.master, seedSuffix: v.seed_suffix, pointer: v.pointer });
      expect(message).toEqual({
        chatId: v.chat_id,
        epoch: v.epoch,
        sender: v.username,
        text: v.message,
        signed: v.signed,
      });
    });
  });

  describe('wrong_secret: a wrong phrase is rejected as CLM rejects it', () => {
    it.each(vectors.wrong_secret.map((v, i) => [i, v] as const))('#%i', (_, v) => {
      // CLM 2.0.1 reported "rejected-utf8" for every one: the bytes were not UTF-8.
      expect(v.original_result).toBe('rejected-utf8');
      let caught: unknown;
      try {
        discoverPointer({ phrase: v.master_used, seedSuffix: v.seed_suffix, pointer: v.pointer });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(PointerError);
      expect((caught as PointerError).code).toBe('not-for-this-phrase');
    });
  });
});
