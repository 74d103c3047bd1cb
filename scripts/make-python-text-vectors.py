"""Writes tests/vectors/python-text.json: what Python's str.strip() and int(str) do, for the
shared helpers in lib/python-text.ts (CLM 2.0.1 strips every input and reads "e" with int()).
Run with the Python you want to match: python3 scripts/make-python-text-vectors.py"""
import json
import sys

whitespace = [c for c in range(0x110000) if chr(c).isspace()]
zeros = [c for c in range(0x110000) if chr(c).isdecimal() and int(chr(c)) == 0]
cases = [
    '12', ' 12 ', '\t12\n', '+5', '-5', '-0', '007', '1_000', '1__0', '_1', '1_', '0x10', '1.0', '1e3', '',
    ' ', '+', '-', '+-1', '١٢٣', '１２', '\u00a012\u3000', '\x1c7', '7\x1f', '\x857\x85', '1 2', '\u0e51\u0e52',
    '\U0001d7ce\U0001d7d9', '9007199254740993', '-9007199254740993', '12a', 'ß', '\u2028 3 \u2029',
    '1\u200b2', '\ufeff1',
]
ints = []
for s in cases:
    try:
        ints.append([s, str(int(s))])
    except ValueError:
        ints.append([s, None])
strips = [s for s in ['\ufeffx\ufeff', '\x1cx\x1f', '\x85x\x85', ' \u00a0x\u3000', '\u200bx\u200b', '\u180ex', 'x\u2028', ''] ]
json.dump(
    {
        'source': f'Python {sys.version.split()[0]}',
        'whitespace': whitespace,
        'decimalZeros': zeros,
        'int': ints,
        'strip': [[s, s.strip()] for s in strips],
    },
    open('tests/vectors/python-text.json', 'w'),
    ensure_ascii=True,
    indent=1,
)
