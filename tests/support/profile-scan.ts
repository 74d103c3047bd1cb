/**
 * Searching a closed browser profile for secrets in every form they could have been written in:
 * each file as it is, and LevelDB's files (storage.local, IndexedDB, …) also as LevelDB reads
 * them back — tables decompressed, keys made whole, log records joined (see leveldb.ts).
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readLog, readTable } from './leveldb.ts';

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}

/** One run of bytes to search, and where it came from. */
export interface Piece {
  readonly file: string;
  /** `raw`, or what it was decoded from (`table block 3`, `table key 17`, `log record 2`, …). */
  readonly what: string;
  readonly bytes: Uint8Array;
}

export interface ProfileContents {
  readonly pieces: Piece[];
  readonly files: number;
  readonly bytes: number;
  /** LevelDB tables read, and how many of their blocks were Snappy-compressed. */
  readonly tables: number;
  readonly compressedBlocks: number;
  readonly logs: number;
}

const TABLE = /^\d{6}\.(ldb|sst)$/;
const LOG = /^\d{6}\.log$/;

/**
 * Everything in the profile directory `dir`, raw and decoded. A LevelDB file that cannot be read
 * throws: a scan must not pass because a reader gave up.
 */
export function readProfile(dir: string): ProfileContents {
  const pieces: Piece[] = [];
  let bytes = 0;
  let tables = 0;
  let compressedBlocks = 0;
  let logs = 0;
  const files = filesUnder(dir);
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    pieces.push({ file, what: 'raw', bytes: content });
    const name = basename(file);
    if (TABLE.test(name)) {
      const table = readTable(content);
      tables++;
      compressedBlocks += table.compressedBlocks;
      table.blocks.forEach((block, i) => pieces.push({ file, what: `table block ${i}`, bytes: block }));
      table.entries.forEach((entry, i) => {
        pieces.push({ file, what: `table key ${i}`, bytes: entry.key });
        pieces.push({ file, what: `table value ${i}`, bytes: entry.value });
      });
    } else if (LOG.test(name) && content.length > 0) {
      // Only LevelDB's own logs: a directory with a CURRENT file is a LevelDB database.
      if (!files.includes(join(file, '..', 'CURRENT'))) continue;
      logs++;
      readLog(content).forEach((record, i) => pieces.push({ file, what: `log record ${i}`, bytes: record }));
    }
  }
  return { pieces, files: files.length, bytes, tables, compressedBlocks, logs };
}

/** A form a secret could be written in, and its bytes. */
export interface Needle {
  readonly what: string;
  readonly bytes: Buffer;
}

/**
 * Base64 of `bytes` as it appears inside a longer base64 text, at each of the three alignments
 * (only the characters that do not depend on the bytes around it), in both alphabets.
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const total = shift + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const stable = encoded.slice(shift === 0 ? 0 : 4, 4 * Math.floor(total / 3));
    forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms)];
}

/** UTF-16, big-endian: how Chrome's IndexedDB writes strings in its LevelDB keys. */
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

/**
 * A text secret (a phrase, a message) as UTF-8, UTF-16 (little-endian, as in V8's serialised
 * values; big-endian, as in IndexedDB's keys), base64 (of its UTF-8) and hex.
 */
export function textNeedles(label: string, text: string): Needle[] {
  const utf8 = Buffer.from(text, 'utf8');
  return [
    { what: `${label} (UTF-8)`, bytes: utf8 },
    { what: `${label} (UTF-16)`, bytes: Buffer.from(text, 'utf16le') },
    { what: `${label} (UTF-16BE)`, bytes: utf16be(text) },
    ...base64Forms(utf8).map((b64) => ({ what: `${label} (base64 ${b64})`, bytes: Buffer.from(b64) })),
    { what: `${label} (hex)`, bytes: Buffer.from(utf8.toString('hex')) },
    { what: `${label} (HEX)`, bytes: Buffer.from(utf8.toString('hex').toUpperCase()) },
  ];
}

/** A key as raw bytes, base64 and hex (and base64/hex in UTF-16 too, as a JS string may be kept). */
export function keyNeedles(label: string, key: Uint8Array): Needle[] {
  const raw = Buffer.from(key);
  const texts = [...base64Forms(raw), raw.toString('hex'), raw.toString('hex').toUpperCase()];
  return [
    { what: `${label} (raw bytes)`, bytes: raw },
    ...texts.flatMap((t) => [
      { what: `${label} (${t})`, bytes: Buffer.from(t) },
      { what: `${label} (${t}, UTF-16)`, bytes: Buffer.from(t, 'utf16le') },
      { what: `${label} (${t}, UTF-16BE)`, bytes: utf16be(t) },
    ]),
  ];
}

/** Every place a needle was found: `file (what): needle`. */
export function findNeedles(contents: ProfileContents, needles: readonly Needle[]): string[] {
  const found: string[] = [];
  for (const piece of contents.pieces) {
    const haystack = Buffer.from(piece.bytes.buffer, piece.bytes.byteOffset, piece.bytes.byteLength);
    for (const needle of needles) {
      if (haystack.includes(needle.bytes)) found.push(`${piece.file} (${piece.what}): ${needle.what}`);
    }
  }
  return found;
}
