/**
 * CLM 2.0.1's receive path, written again for the tests from docs/PROTOCOL.md §1 and nothing of
 * lib/: its HMAC_DRBG over node:crypto's (OpenSSL's) HMAC-SHA256, the seed
 * `phrase + "_" + seedSuffix + "_" + epoch`, XOR, and CLM's test of a right phrase (strict UTF-8
 * holding ": "). A second implementation to check the extension's pointers against, so that a
 * mistake shared by the extension's writer and reader cannot pass for CLM's format.
 * tests/unit/clm-reference.test.ts checks it against the vectors CLM 2.0.1 itself made.
 */
import { createHmac } from 'node:crypto';

const hmac = (key: Buffer, ...parts: Buffer[]): Buffer => {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
};

/** NIST SP 800-90A HMAC_DRBG (SHA-256), instantiated on `seed`, no reseed: its first `length` bytes. */
export function clmKeystream(seed: Buffer, length: number): Buffer {
  let k: Buffer = Buffer.alloc(32, 0x00);
  let v: Buffer = Buffer.alloc(32, 0x01);
  // update(seed)
  k = hmac(k, v, Buffer.of(0x00), seed);
  v = hmac(k, v);
  if (seed.length > 0) {
    k = hmac(k, v, Buffer.of(0x01), seed);
    v = hmac(k, v);
  }
  // generate(length)
  const blocks: Buffer[] = [];
  for (let have = 0; have < length; have += 32) {
    v = hmac(k, v);
    blocks.push(v);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** What CLM 2.0.1 refuses as "not for this phrase": bytes that are not UTF-8, or no ": " in them. */
export class ClmRejected extends Error {
  override readonly name = 'ClmRejected';
}

export interface ClmReading {
  readonly chatId: string;
  readonly epoch: number;
  readonly signed: string;
  readonly sender: string;
  readonly text: string;
}

/**
 * Reads a pointer as CLM 2.0.1 does (`json.loads`, then `c`, `e`, `d`) and opens it with
 * `phrase` in the chat of `seedSuffix`.
 * @throws {ClmRejected} when CLM would not accept the message
 * @throws {Error} when the text is not a pointer at all
 */
export function clmRead(pointer: string, phrase: string, seedSuffix: string): ClmReading {
  const json: unknown = JSON.parse(pointer);
  if (typeof json !== 'object' || json === null) throw new Error('not a JSON object');
  const { c, e, d } = json as Record<string, unknown>;
  const chatId = typeof c === 'string' ? c : Number.isSafeInteger(c) ? String(c) : undefined;
  if (chatId === undefined) throw new Error('"c" is not a chat id');
  if (typeof e !== 'number' || !Number.isSafeInteger(e)) throw new Error('"e" is not a whole number');
  if (typeof d !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(d)) throw new Error('"d" is not hex');
  const data = Buffer.from(d, 'hex');
  const keystream = clmKeystream(Buffer.from(`${phrase}_${seedSuffix}_${e}`, 'utf8'), data.length);
  const plain = Buffer.from(data.map((byte, i) => byte ^ (keystream[i] ?? 0)));
  let signed: string;
  try {
    signed = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plain);
  } catch {
    throw new ClmRejected('not UTF-8');
  }
  const at = signed.indexOf(': ');
  if (at < 0) throw new ClmRejected('no ": "');
  return { chatId, epoch: e, signed, sender: signed.slice(0, at), text: signed.slice(at + 2) };
}
