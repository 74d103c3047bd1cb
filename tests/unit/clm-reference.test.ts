/**
 * The tests' own CLM 2.0.1 reader (tests/support/clm-reference.ts), against the vectors CLM 2.0.1
 * itself made (tests/vectors/clm-2.0.1.json): every keystream, every pointer, every wrong phrase.
 * It imports nothing of lib/, so the e2e tests can check the extension's pointers against it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClmRejected, clmKeystream, clmRead } from '../support/clm-reference.ts';

interface Vectors {
  drbg: { seed_utf8: string; length: number; output_hex: string }[];
  pointers: { master: string; username: string; chat_id: string; seed_suffix: string; epoch: number; message: string; signed: string; pointer: string }[];
  wrong_secret: { pointer: string; seed_suffix: string; master_used: string; original_result: string }[];
}

const vectors = JSON.parse(readFileSync(new URL('../vectors/clm-2.0.1.json', import.meta.url), 'utf8')) as Vectors;

describe('the tests’ own CLM 2.0.1 reader', () => {
  it('has all the vectors to check', () => {
    expect([vectors.drbg.length, vectors.pointers.length, vectors.wrong_secret.length]).toEqual([28, 24, 8]);
  });

  it.each(vectors.drbg.map((v) => [JSON.stringify(v.seed_utf8).slice(0, 40), v.length, v] as const))('keystream of %s, %i bytes, as CLM makes it', (_, __, v) => {
    expect(clmKeystream(Buffer.from(v.seed_utf8, 'utf8'), v.length).toString('hex')).toBe(v.output_hex);
  });

  it.each(vectors.pointers.map((v) => [v.chat_id, v.epoch, v] as const))('reads CLM’s pointer of chat %s at %i', (_, __, v) => {
    expect(clmRead(v.pointer, v.master, v.seed_suffix)).toEqual({ chatId: v.chat_id, epoch: v.epoch, signed: v.signed, sender: v.username, text: v.message });
  });

  it.each(vectors.wrong_secret.map((v) => [v.master_used, v] as const))('refuses what CLM refused with the phrase %s', (_, v) => {
    expect(v.original_result).toMatch(/^rejected/);
    expect(() => clmRead(v.pointer, v.master_used, v.seed_suffix)).toThrow(ClmRejected);
  });

  it('refuses a pointer of another chat suffix or second', () => {
    const v = vectors.pointers.find((p) => p.message.length > 4);
    if (!v) throw new Error('no vector');
    expect(() => clmRead(v.pointer, v.master, `${v.seed_suffix}x`)).toThrow(ClmRejected);
    expect(() => clmRead(v.pointer.replace(`"e": ${v.epoch}`, `"e": ${v.epoch + 1}`), v.master, v.seed_suffix)).toThrow(ClmRejected);
  });
});
