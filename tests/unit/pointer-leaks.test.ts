/**
 * The checker the sealed-v2 e2e test uses (tests/support/pointer-leaks.ts): it must find a clear
 * field of any size, one byte included, and find nothing in random bytes. Deterministic: the
 * "random" bytes are a SHA-256 counter stream.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toBase32 } from '../../lib/encoding/base32.ts';
import { SEALED_V2_PREFIX, sealV2 } from '../../lib/sealed/v2.ts';
import { base32Bytes, clearFields, clearFieldsIn, falseAlarmBound } from '../support/pointer-leaks.ts';

let counter = 0;
function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 32) out.set(createHash('sha256').update(`stream ${counter++}`).digest().subarray(0, Math.min(32, n - at)), at);
  return out;
}

const EPOCH = 1_796_000_123;
const key = bytes(32);
/** Six pointers of one chat, second and text, as the e2e test makes them. */
const group = (nonce: () => Uint8Array = () => bytes(24)) =>
  Array.from({ length: 6 }, () => base32Bytes(sealV2({ key, epoch: EPOCH, sender: 'alice', text: 'the same words', nonce: nonce() }).slice(SEALED_V2_PREFIX.length)));
const fields = clearFields({ integers: { epoch: EPOCH, 'chat id': 3, 'signed length': 21 }, texts: { sender: 'alice', text: 'the same words' } });

describe('the clear-field checker', () => {
  it('reads base32 as lib/encoding/base32.ts writes it', () => {
    for (const n of [0, 1, 5, 24, 104, 333]) {
      const b = bytes(n);
      expect(base32Bytes(toBase32(b))).toEqual(b);
    }
    expect(() => base32Bytes('A')).toThrow();
    expect(() => base32Bytes('a')).toThrow();
  });

  it('encodes integers in every size they fit, both byte orders, and as digits', () => {
    const names = clearFields({ integers: { e: 0x01020304 }, texts: {} }).map((f) => [f.name, Buffer.from(f.bytes).toString('hex')]);
    expect(names).toContainEqual(['e (4 bytes, big-endian)', '01020304']);
    expect(names).toContainEqual(['e (4 bytes, little-endian)', '04030201']);
    expect(names).toContainEqual(['e (8 bytes, little-endian)', '0403020100000000']);
    expect(names).toContainEqual(['e (decimal)', Buffer.from('16909060').toString('hex')]);
    expect(names.some(([n]) => n.startsWith('e (3 bytes'))).toBe(false);
    expect(clearFields({ integers: { id: 7 }, texts: {} }).map((f) => f.bytes.length)).toContain(1);
  });

  it('finds nothing in sealed pointers of version 2 (a false alarm is below 1e-9)', () => {
    const groups = [group(), group()];
    expect(clearFieldsIn(groups, fields)).toEqual([]);
    expect(falseAlarmBound(groups, fields)).toBeLessThan(1e-9);
  });

  it('finds one leaked byte, wherever it is and whatever its value', () => {
    for (const at of [0, 23, 24, 57, 103]) {
      const g = group();
      for (const b of g) b[at] = 0x5a;
      expect(clearFieldsIn([g, group()], [])).toEqual([`group 0: byte ${at} is 0x5a in every pointer`]);
    }
  });

  it('finds the epoch in 4 bytes, in the nonce or moved about', () => {
    const be = Uint8Array.of(EPOCH >>> 24, (EPOCH >>> 16) & 255, (EPOCH >>> 8) & 255, EPOCH & 255);
    const inNonce = group(() => {
      const n = bytes(24);
      n.set(be, 0);
      return n;
    });
    expect(clearFieldsIn([inNonce, group()], fields)).toContain('group 0: epoch (4 bytes, big-endian) at byte 0 of every pointer');
    // At another offset in each pointer: no common offset, and no byte the same in all.
    const moved = group().map((b, i) => {
      b.set(be.toReversed(), 10 * i);
      return b;
    });
    expect(clearFieldsIn([moved, group()], fields).some((p) => p.startsWith('epoch (4 bytes, little-endian) in pointer(s) 0 at byte 0; 1 at byte 10'))).toBe(true);
  });

  it('finds the epoch in 6 or 8 bytes in a single pointer', () => {
    const g = [group(), group()];
    const eight = new Uint8Array(8);
    new DataView(eight.buffer).setBigUint64(0, BigInt(EPOCH), false);
    g[1]?.[3]?.set(eight, 40);
    expect(clearFieldsIn(g, fields)).toContain('epoch (8 bytes, big-endian) in pointer(s) 9 at byte 40');
  });
});
