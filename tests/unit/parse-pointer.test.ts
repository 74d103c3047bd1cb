import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_POINTER_CHARS, parsePointer, PointerError, type PointerErrorCode } from '../../lib/clm/format.ts';
import { bytesToHex, hexToBytes } from '../../lib/encoding/hex.ts';
import { parsePythonJson } from '../../lib/clm/python-json.ts';

function parseError(input: string): PointerError {
  try {
    parsePointer(input);
  } catch (error) {
    if (error instanceof PointerError) return error;
    throw error;
  }
  throw new Error(`expected a PointerError for ${JSON.stringify(input)}`);
}

describe('parsePointer accepts what CLM 2.0.1 accepts', () => {
  // Expected values were printed by Python 3.11: str(p['c']), int(p['e']), bytes.fromhex(p['d']).hex()
  // after p = json.loads(text), exactly what CLM 2.0.1's receive_message does.
  it.each([
    ['{"c": "1", "e": 5, "d": "00"}', '1', 5, '00'],
    [' \n\t{"c":1,"e":5,"d":"00"} \r\n', '1', 5, '00'],
    ['{"c": 12345678901234567890, "e": 5, "d": "00"}', '12345678901234567890', 5, '00'],
    ['{"c": -0, "e": -0, "d": ""}', '0', 0, ''],
    ['{"c": "1", "e": 1e3, "d": "AB cd\\n"}', '1', 1000, 'abcd'],
    ['{"c": "1", "e": 5.0, "d": "00", "x": [NaN, Infinity, -Infinity, null, true, false, {"y": []}]}', '1', 5, '00'],
    ['{"c": "x", "c": "2", "e": 7, "e": 8, "d": "ff"}', '2', 8, 'ff'],
    ['{"c": "\\u0041\\ud83d\\ude00", "e": 1, "d": "00"}', 'A😀', 1, '00'],
    ['{"d": "0a0b", "e": 1736854567, "c": "7"}', '7', 1736854567, '0a0b'],
    ['{"c": "1", "e": -5, "d": "00"}', '1', -5, '00'],
    ['{"c": "1", "e": 9007199254740991, "d": "00"}', '1', 9007199254740991, '00'],
  ])('%s', (text, chatId, epoch, hex) => {
    const parsed = parsePointer(text);
    expect(parsed.chatId).toBe(chatId);
    expect(parsed.epoch).toBe(epoch);
    expect(Object.is(parsed.epoch, -0)).toBe(false);
    expect(bytesToHex(parsed.data)).toBe(hex);
  });

  it('trims whitespace around a pasted pointer, as CLM strips its input', () => {
    expect(parsePointer('\u00a0\u2003 {"c": "1", "e": 1, "d": "aa"}\u3000\n').chatId).toBe('1');
    expect(parsePointer('\u001c{"c": "1", "e": 1, "d": "aa"}\u0085').chatId).toBe('1');
    // Python keeps U+FEFF, and json.loads then refuses it: so does this.
    expect(() => parsePointer('\ufeff{"c": "1", "e": 1, "d": "aa"}')).toThrow(/not valid JSON/);
  });

  it('reads "e" given as text as CLM’s int() does', () => {
    for (const [e, epoch] of [['"1736854567"', 1736854567], ['" 17 "', 17], ['"1_000"', 1000], ['"+5"', 5], ['"-0"', 0], ['"١٢"', 12]] as const) {
      expect(parsePointer(`{"c": "1", "e": ${e}, "d": "aa"}`).epoch).toBe(epoch);
    }
  });
});

describe('parsePointer refuses with a code and a human message', () => {
  const cases: [string, string, PointerErrorCode, RegExp][] = [
    ['empty text', '', 'not-a-pointer', /empty/],
    ['blank text', ' \n ', 'not-a-pointer', /empty/],
    ['prose', 'hello there', 'not-a-pointer', /not valid JSON/],
    ['a JSON array', '[1, 2]', 'not-a-pointer', /not a JSON object/],
    ['a JSON string', '"{}"', 'not-a-pointer', /not a JSON object/],
    ['no d', '{"c": "1", "e": 5}', 'not-a-pointer', /no "d" field/],
    ['no c', '{"e": 5, "d": "00"}', 'not-a-pointer', /no "c" field/],
    ['no e', '{"c": "1", "d": "00"}', 'not-a-pointer', /no "e" field/],
    ['truncated', '{"c": "1", "e": 5, "d": "00"', 'not-a-pointer', /not valid JSON/],
    ['trailing comma', '{"c": "1", "e": 5, "d": "00",}', 'not-a-pointer', /not valid JSON/],
    ['single quotes', "{'c': '1', 'e': 5, 'd': '00'}", 'not-a-pointer', /not valid JSON/],
    ['extra data', '{"c": "1", "e": 5, "d": "00"} {}', 'not-a-pointer', /extra data/],
    ['a raw newline inside a string', '{"c": "1\n", "e": 5, "d": "00"}', 'not-a-pointer', /control character/],
    ['a bad escape', '{"c": "\\x41", "e": 5, "d": "00"}', 'not-a-pointer', /escape/],
    ['smart quotes', '{“c”: “1”, “e”: 5, “d”: “00”}', 'not-a-pointer', /not valid JSON/],
    ['c is null', '{"c": null, "e": 5, "d": "00"}', 'bad-chat-id', /chat id/],
    ['c is a float', '{"c": 1.5, "e": 5, "d": "00"}', 'bad-chat-id', /chat id/],
    ['c is an object', '{"c": {}, "e": 5, "d": "00"}', 'bad-chat-id', /chat id/],
    ['c has a lone surrogate', '{"c": "\\ud800", "e": 5, "d": "00"}', 'bad-chat-id', /surrogate/],
    ['e is text that int() refuses', '{"c": "1", "e": "5.0", "d": "00"}', 'bad-epoch', /whole number/],
    ['e is text out of range', '{"c": "1", "e": "9007199254740993", "d": "00"}', 'bad-epoch', /out of range/],
    ['e is fractional', '{"c": "1", "e": 5.5, "d": "00"}', 'bad-epoch', /whole number/],
    ['e is NaN', '{"c": "1", "e": NaN, "d": "00"}', 'bad-epoch', /whole number/],
    ['e is Infinity', '{"c": "1", "e": Infinity, "d": "00"}', 'bad-epoch', /whole number/],
    ['e is too large', '{"c": "1", "e": 9007199254740992, "d": "00"}', 'bad-epoch', /out of range/],
    ['e overflows a double', '{"c": "1", "e": 1e400, "d": "00"}', 'bad-epoch', /out of range/],
    ['d is a number', '{"c": "1", "e": 5, "d": 12}', 'bad-ciphertext', /string of hex/],
    ['d has a non-hex letter', '{"c": "1", "e": 5, "d": "0g"}', 'bad-ciphertext', /"g" at position 2/],
    ['d has an odd length', '{"c": "1", "e": 5, "d": "abc"}', 'bad-ciphertext', /odd number/],
    ['d splits a byte with a space', '{"c": "1", "e": 5, "d": "a b"}', 'bad-ciphertext', /not split one/],
    ['d has a non-breaking space', '{"c": "1", "e": 5, "d": "aa\u00a0bb"}', 'bad-ciphertext', /position 3/],
  ];
  it.each(cases)('%s → %s', (_, input, code, message) => {
    const error = parseError(input);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.name).toBe('PointerError');
  });

  it('refuses text over the size limit without parsing it', () => {
    const huge = `{"c": "1", "e": 5, "d": "${'0'.repeat(MAX_POINTER_CHARS)}"}`;
    const error = parseError(huge);
    expect(error.code).toBe('too-long');
    expect(error.message).toMatch(/too long/);
    // Not parsed: even garbage of that size gets the size error, not a syntax error.
    expect(parseError('x'.repeat(MAX_POINTER_CHARS + 1)).code).toBe('too-long');
    // The limit itself is allowed.
    const atLimit = `{"c": "1", "e": 5, "d": "${'0'.repeat(MAX_POINTER_CHARS - 28)}"} `;
    expect(atLimit).toHaveLength(MAX_POINTER_CHARS);
    expect(parsePointer(atLimit).data).toHaveLength((MAX_POINTER_CHARS - 28) / 2);
  });

  it('refuses nesting deeper than the documented limit', () => {
    const deep = `{"x": ${'['.repeat(600)}${']'.repeat(600)}, "c": "1", "e": 5, "d": "00"}`;
    expect(parseError(deep).code).toBe('not-a-pointer');
    const shallow = `{"x": ${'['.repeat(100)}${']'.repeat(100)}, "c": "1", "e": 5, "d": "00"}`;
    expect(parsePointer(shallow).chatId).toBe('1');
  });

  it('refuses a non-string input as not a pointer', () => {
    expect(parseError(42 as unknown as string).code).toBe('not-a-pointer');
    expect(parseError(null as unknown as string).code).toBe('not-a-pointer');
  });
});

/** Python's bytes.fromhex(), character by character: what hexToBytes did before its fast path. */
function fromhexReference(text: string): number[] | { badIndex: number } {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (' \t\n\v\f\r'.includes(c)) {
      i++;
      continue;
    }
    if (!/^[0-9a-fA-F]$/.test(c)) return { badIndex: i };
    if (i + 1 >= text.length) return { badIndex: i + 1 };
    if (!/^[0-9a-fA-F]$/.test(text[i + 1])) return { badIndex: i + 1 };
    out.push(parseInt(text.slice(i, i + 2), 16));
    i += 2;
  }
  return out;
}

const asPlain = (r: Uint8Array | { readonly badIndex: number }) => (r instanceof Uint8Array ? [...r] : { badIndex: r.badIndex });

describe('hexToBytes (the fast path for unbroken pairs, and where it hands over)', () => {
  it('reads what bytes.fromhex() reads, and refuses at the same index, on arbitrary texts', () => {
    const unit = fc.constantFrom('0', '9', 'a', 'F', 'f', 'g', ' ', '\n', '\u00a0', 'é', '😀', '-', 'G');
    const hexRun = fc.uint8Array({ maxLength: 40 }).map((b) => bytesToHex(b));
    const text = fc.array(fc.oneof(hexRun, fc.string({ unit, maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(asPlain(hexToBytes(t))).toEqual(fromhexReference(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('never reads bytes an earlier text left behind', () => {
    // The longest text the fast path takes (64 Ki characters) fills its scratch buffer exactly;
    // a text of that length whose last character does not fit must not be read with the
    // previous text's hex digits in that last byte.
    const size = 65_536;
    expect(hexToBytes('00'.repeat(size / 2))).toHaveLength(size / 2);
    expect(asPlain(hexToBytes(`${'0'.repeat(size - 1)}é`))).toEqual({ badIndex: size - 1 });
    expect(hexToBytes('00'.repeat(size / 2))).toHaveLength(size / 2);
    expect(asPlain(hexToBytes(`${'0'.repeat(size - 1)}😀`.slice(0, size)))).toEqual({ badIndex: size - 1 });
  });

  it('reads texts longer than its scratch buffer, and upper case, whitespace and odd endings after a fast run', () => {
    const long = bytesToHex(Uint8Array.from({ length: 40_000 }, (_, i) => i * 7));
    expect(asPlain(hexToBytes(long))).toEqual(fromhexReference(long));
    expect(asPlain(hexToBytes(`${long} ${long.toUpperCase()}`))).toEqual(fromhexReference(`${long} ${long.toUpperCase()}`));
    expect(asPlain(hexToBytes('abcd\nef'))).toEqual([0xab, 0xcd, 0xef]);
    expect(asPlain(hexToBytes('abcde'))).toEqual({ badIndex: 5 });
    expect(asPlain(hexToBytes('abc def'))).toEqual({ badIndex: 3 });
  });
});

describe('JSON strings (plain runs skipped in one step, escapes and refusals after them)', () => {
  it('reads long values with escapes, controls and surrogates where a run ends', () => {
    const run = 'x'.repeat(300);
    const member = (s: string) => parsePythonJson(`{"k": "${s}"}`);
    expect(member(`${run}\\n${run}\\u00e9\\"`)).toEqual({ kind: 'object', members: new Map([['k', { kind: 'string', value: `${run}\n${run}é"` }]]) });
    expect(() => member(`${run}\u0001`)).toThrow(/control character/);
    expect(() => member(`${run}\u001f${run}`)).toThrow(/control character/);
    expect(() => parsePythonJson(`{"k": "${run}`)).toThrow(/unterminated/);
    expect(member(`${run}\ud800${run}\u007f`)).toEqual({ kind: 'object', members: new Map([['k', { kind: 'string', value: `${run}\ud800${run}\u007f` }]]) });
  });
});
