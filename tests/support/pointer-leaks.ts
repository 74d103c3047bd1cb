/**
 * Looks for anything in the clear in pointers that should be random bytes past their marker (a
 * nonce and a ciphertext, as sealed pointers of version 2 are). Written for the tests, apart from
 * the product's code: its own base32 reader, its own encodings of the values a writer could leak.
 *
 * The pointers come in groups, each written with everything the same — chat, second, sender,
 * text — so that only their randomness differs: whatever a writer put in the clear is then the
 * same in every pointer of a group, whatever its size, even one byte. Then:
 *
 * 1. at no offset may every pointer of a group have the same byte;
 * 2. no field (a value of the writer's, encoded as below) may stand at one offset in every
 *    pointer of a group;
 * 3. a field of 6 bytes or more may stand nowhere in any pointer, one of 4 or 5 bytes nowhere in
 *    two pointers (a field moved about, e.g. after something of variable length).
 *
 * How often random bytes fail this by chance (groups of g ≥ 6 pointers of L bytes, F fields, P
 * pointers): check 1, L · 256^−(g−1) per group (104 bytes: 9.5e−11); check 2, at most
 * L · 256^−g per field and group; check 3, P · L · 2^−48 per long field and C(P, 2) · (L · 2^−32)²
 * per 4–5-byte one. For the sealed-v2 test (2 groups of 6 pointers of 104 bytes, ~150 fields)
 * that is below 1e−9 in all; shorter fields (1–3 bytes) are found by checks 1 and 2 alone, as
 * they stand somewhere in random bytes by chance.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Fewer pointers per group would make check 1 fail by chance more often than ~1e−9. */
export const MIN_GROUP = 6;

/** RFC 4648 base32 without padding, upper case, as the pointers print it. */
export function base32Bytes(text: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const digit = BASE32.indexOf(c);
    if (digit < 0) throw new Error(`not a base32 digit: ${JSON.stringify(c)}`);
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  if (bits >= 5 || value !== 0) throw new Error('base32 that does not end on a whole byte');
  return Uint8Array.from(out);
}

export interface ClearField {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** `value` as an unsigned integer of `size` bytes. */
function uintBytes(value: bigint, size: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[littleEndian ? i : size - 1 - i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return bytes;
}

/**
 * Every way a writer could have put these values in the clear: each integer in every size of 1 to
 * 8 bytes it fits in, big- and little-endian, and in decimal digits; each text in UTF-8.
 */
export function clearFields(values: { readonly integers: Readonly<Record<string, number>>; readonly texts: Readonly<Record<string, string>> }): ClearField[] {
  const fields = new Map<string, ClearField>();
  const add = (name: string, bytes: Uint8Array) => {
    const key = Buffer.from(bytes).toString('hex');
    if (bytes.length > 0 && !fields.has(key)) fields.set(key, { name, bytes });
  };
  for (const [name, n] of Object.entries(values.integers)) {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name}: a whole number ≥ 0, please`);
    const v = BigInt(n);
    for (let size = 1; size <= 8; size++) {
      if (v >= 1n << BigInt(8 * size)) continue;
      add(`${name} (${size} byte${size > 1 ? 's' : ''}, big-endian)`, uintBytes(v, size, false));
      add(`${name} (${size} byte${size > 1 ? 's' : ''}, little-endian)`, uintBytes(v, size, true));
    }
    add(`${name} (decimal)`, new TextEncoder().encode(String(n)));
  }
  for (const [name, text] of Object.entries(values.texts)) add(`${name} (UTF-8)`, new TextEncoder().encode(text));
  return [...fields.values()];
}

/** Every offset at which `field` stands in `bytes`. */
function offsetsOf(bytes: Uint8Array, field: Uint8Array): number[] {
  const found: number[] = [];
  outer: for (let at = 0; at + field.length <= bytes.length; at++) {
    for (let i = 0; i < field.length; i++) if (bytes[at + i] !== field[i]) continue outer;
    found.push(at);
  }
  return found;
}

/**
 * What in the pointers' bytes is not as random bytes would be, in words (see the module's
 * comment for the checks); empty when nothing is. `groups` are the pointers' bytes, past their
 * marker, grouped as said there.
 */
export function clearFieldsIn(groups: readonly (readonly Uint8Array[])[], fields: readonly ClearField[]): string[] {
  const problems: string[] = [];
  for (const [g, group] of groups.entries()) {
    if (group.length < MIN_GROUP) throw new Error(`group ${g}: ${group.length} pointers; at least ${MIN_GROUP} are needed`);
    const length = group[0]?.length ?? 0;
    if (group.some((b) => b.length !== length)) throw new Error(`group ${g}: pointers of different lengths`);
    // 1. An offset where every pointer of the group has the same byte.
    const first = group.at(0) ?? new Uint8Array(0);
    for (let at = 0; at < length; at++) {
      const byte = first[at];
      if (group.every((b) => b[at] === byte)) problems.push(`group ${g}: byte ${at} is 0x${byte.toString(16).padStart(2, '0')} in every pointer`);
    }
    // 2. A field at one offset in every pointer of the group.
    for (const field of fields) {
      const common = group.map((b) => new Set(offsetsOf(b, field.bytes))).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
      for (const at of common) problems.push(`group ${g}: ${field.name} at byte ${at} of every pointer`);
    }
  }
  // 3. A long field anywhere.
  const all = groups.flat();
  for (const field of fields) {
    if (field.bytes.length < 4) continue;
    const holding = all.map((b, i) => [i, offsetsOf(b, field.bytes)] as const).filter(([, at]) => at.length > 0);
    if (holding.length >= (field.bytes.length >= 6 ? 1 : 2)) {
      problems.push(`${field.name} in pointer(s) ${holding.map(([i, at]) => `${i} at byte ${at.join(', ')}`).join('; ')}`);
    }
  }
  return problems;
}

/**
 * An upper bound on the chance that {@link clearFieldsIn} reports something in random bytes of
 * this shape (the sums of the module's comment), so that a test can say it is not flaky.
 */
export function falseAlarmBound(groups: readonly (readonly Uint8Array[])[], fields: readonly ClearField[]): number {
  let bound = 0;
  const pointers = groups.flat().length;
  for (const group of groups) {
    const length = group[0]?.length ?? 0;
    bound += length * 256 ** -(group.length - 1);
    bound += fields.length * length * 256 ** -group.length;
  }
  const length = Math.max(...groups.flat().map((b) => b.length));
  for (const field of fields) {
    const p = length * 256 ** -field.bytes.length; // the field somewhere in one pointer
    if (field.bytes.length >= 6) bound += pointers * p;
    else if (field.bytes.length >= 4) bound += ((pointers * (pointers - 1)) / 2) * p * p;
  }
  return bound;
}
