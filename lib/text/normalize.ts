/**
 * Undoing what pages and editors do to pasted text before a pointer is looked for in it: HTML
 * entities, “smart” quotes, full-width forms, odd spaces and invisible characters. Every step is
 * one linear pass (no pattern here can backtrack), so a page cannot make it slow.
 * @module
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  nbsp: ' ',
  ldquo: '"',
  rdquo: '"',
  bdquo: '"',
  laquo: '"',
  raquo: '"',
  lsquo: "'",
  rsquo: "'",
  sbquo: "'",
  prime: "'",
  Prime: '"',
  colon: ':',
  comma: ',',
  lbrace: '{',
  rbrace: '}',
  lcub: '{',
  rcub: '}',
  num: '#',
  shy: '',
  zwsp: '',
  zwj: '',
  zwnj: '',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
};

/** Quote and punctuation look-alikes that editors and forums substitute. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u201f': '"', // ‟
  '\u2033': '"', // ″
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  '\u301d': '"', // 〝
  '\u301e': '"', // 〞
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'", // ‚
  '\u201b': "'", // ‛
  '\u2032': "'", // ′
  '\u2010': '-', // ‐ hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2212': '-', // − minus
};

function decodeEntities(text: string): string {
  // Bounded repetitions only: each match is at most 10 characters long.
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/**
 * Undoes what pages do to pasted text: entities (twice, for `&amp;quot;`), look-alike quotes,
 * full-width forms, odd spaces and invisible characters. Linear in the length of `text`.
 */
export function normalizePastedText(text: string): string {
  let out = decodeEntities(decodeEntities(text));
  out = out.replace(/[\u201c-\u201f\u2033\u00ab\u00bb\u301d\u301e\u2018\u2019\u201a\u201b\u2032\u2010\u2011\u2212]/g, (c) => LOOK_ALIKES[c] ?? c);
  // Full-width ASCII (｛ ： ＂ …) as typed with East Asian input methods.
  out = out.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  // Invisible characters that break a hex string without showing.
  out = out.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
  // Every other kind of space is a space.
  out = out.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
  return out;
}
