import { describe, expect, it } from 'vitest';
import { parsePythonJson, PyJsonSyntaxError, pythonJsonString } from '../../lib/clm/python-json.ts';

describe('pythonJsonString', () => {
  // Each expected value was printed by Python 3.11: json.dumps(s, ensure_ascii=False).
  it.each([
    ['1', '"1"'],
    ['', '""'],
    ['a"b', '"a\\"b"'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\tnl\ncr\rbs\bff\f', '"tab\\tnl\\ncr\\rbs\\bff\\f"'],
    ['\u0000\u0001\u001f\u007f', '"\\u0000\\u0001\\u001f\u007f"'],
    ['\u2028\u2029', '"\u2028\u2029"'],
    ['é中😀', '"é中😀"'],
    ['/slash', '"/slash"'],
    ['Тайна 🤫', '"Тайна 🤫"'],
  ])('%j → %s', (input, expected) => {
    expect(pythonJsonString(input)).toBe(expected);
  });

  it('round-trips through the parser for every BMP character', () => {
    let all = '';
    for (let c = 0; c < 0xd800; c++) all += String.fromCharCode(c);
    const parsed = parsePythonJson(pythonJsonString(all));
    expect(parsed).toEqual({ kind: 'string', value: all });
  });
});

describe('parsePythonJson', () => {
  it('keeps number literals exactly', () => {
    expect(parsePythonJson('-12.5e+3')).toEqual({ kind: 'number', literal: '-12.5e+3', integer: false });
    expect(parsePythonJson('123456789012345678901234567890')).toEqual({
      kind: 'number',
      literal: '123456789012345678901234567890',
      integer: true,
    });
  });

  it.each(['01', '1.', '.5', '+1', '1e', '-', 'nan', 'infinity', '[1,]', '{"a":1,}', '{"a" 1}', '"\\u12"', '\ufeff{}'])(
    'refuses %j as Python does',
    (text) => {
      expect(() => parsePythonJson(text)).toThrow(PyJsonSyntaxError);
    },
  );
});
