/**
 * Just enough of LevelDB's file formats to read back what Chrome wrote, for scanning a profile
 * for secrets: tables (`.ldb`/`.sst`), whose blocks are usually Snappy-compressed, and write-ahead
 * logs (`NNNNNN.log`), whose records are cut into 32 KiB blocks. Both hide a string from a plain
 * byte search: a compressed block replaces repeats with back-references, and a log record can be
 * split across two blocks by a header.
 *
 * Formats: github.com/google/leveldb doc/table_format.md and doc/log_format.md; Snappy's block
 * format: github.com/google/snappy format_description.txt. Every reader here throws on anything it
 * does not understand rather than skip it, so a scan never passes because it read nothing.
 * @module
 */

/** A LevelDB or Snappy file that is not what the format says. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}

/** Reads a base-128 varint (at most 64 bits; values past 2^53 are not expected here). */
function varint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
    scale *= 128;
  }
  throw new FormatError(`bad varint at ${at}`);
}

/** Decompresses one raw Snappy block (not the framed stream format). */
export function snappyDecompress(input: Uint8Array): Uint8Array {
  const { value: length, next } = varint(input, 0);
  const out = new Uint8Array(length);
  let o = 0;
  let i = next;
  const le = (at: number, n: number) => {
    if (at + n > input.length) throw new FormatError('snappy: truncated');
    let v = 0;
    for (let k = n - 1; k >= 0; k--) v = v * 256 + input[at + k];
    return v;
  };
  while (i < input.length) {
    const tag = input[i++];
    const kind = tag & 3;
    if (kind === 0) {
      // Literal: length-1 in the tag's upper 6 bits, or in the 1–4 bytes after it (60–63).
      let n = tag >> 2;
      if (n >= 60) {
        const extra = n - 59;
        n = le(i, extra);
        i += extra;
      }
      n += 1;
      if (i + n > input.length || o + n > length) throw new FormatError('snappy: literal past the end');
      out.set(input.subarray(i, i + n), o);
      i += n;
      o += n;
      continue;
    }
    let n: number;
    let offset: number;
    if (kind === 1) {
      n = 4 + ((tag >> 2) & 7);
      offset = ((tag >> 5) << 8) | le(i, 1);
      i += 1;
    } else if (kind === 2) {
      n = (tag >> 2) + 1;
      offset = le(i, 2);
      i += 2;
    } else {
      n = (tag >> 2) + 1;
      offset = le(i, 4);
      i += 4;
    }
    if (offset === 0 || offset > o || o + n > length) throw new FormatError('snappy: bad copy');
    // Byte by byte: a copy may overlap what it produces (a run).
    for (let k = 0; k < n; k++, o++) out[o] = out[o - offset];
  }
  if (o !== length) throw new FormatError(`snappy: ${o} bytes produced, ${length} announced`);
  return out;
}

interface BlockHandle {
  readonly offset: number;
  readonly size: number;
}

function blockHandle(bytes: Uint8Array, at: number): BlockHandle & { next: number } {
  const offset = varint(bytes, at);
  const size = varint(bytes, offset.next);
  return { offset: offset.value, size: size.value, next: size.next };
}

const TABLE_MAGIC = Uint8Array.of(0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb);
const FOOTER_LENGTH = 48;
const NO_COMPRESSION = 0;
const SNAPPY = 1;

/** A block's contents, decompressed; `compressed` says whether Snappy was undone. */
function readBlock(file: Uint8Array, handle: BlockHandle): { contents: Uint8Array; compressed: boolean } {
  const end = handle.offset + handle.size;
  if (end + 5 > file.length) throw new FormatError('table: block past the end of the file');
  const raw = file.subarray(handle.offset, end);
  const type = file[end];
  if (type === NO_COMPRESSION) return { contents: raw, compressed: false };
  if (type === SNAPPY) return { contents: snappyDecompress(raw), compressed: true };
  throw new FormatError(`table: unknown block compression ${type}`);
}

export interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** The entries of a block, with their prefix-compressed keys made whole again. */
function blockEntries(block: Uint8Array): Entry[] {
  if (block.length < 4) throw new FormatError('table: block too short');
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const restarts = view.getUint32(block.length - 4, true);
  const limit = block.length - 4 - 4 * restarts;
  if (limit < 0) throw new FormatError('table: bad restart count');
  const entries: Entry[] = [];
  let key = new Uint8Array(0);
  let at = 0;
  while (at < limit) {
    const shared = varint(block, at);
    const unshared = varint(block, shared.next);
    const valueLength = varint(block, unshared.next);
    const keyStart = valueLength.next;
    const valueStart = keyStart + unshared.value;
    const valueEnd = valueStart + valueLength.value;
    if (shared.value > key.length || valueEnd > limit) throw new FormatError('table: bad entry');
    const whole = new Uint8Array(shared.value + unshared.value);
    whole.set(key.subarray(0, shared.value));
    whole.set(block.subarray(keyStart, valueStart), shared.value);
    key = whole;
    entries.push({ key: whole, value: block.subarray(valueStart, valueEnd) });
    at = valueEnd;
  }
  return entries;
}

export interface Table {
  /** Every data block's contents, decompressed. */
  readonly blocks: Uint8Array[];
  /** Every key/value pair, keys made whole (a key is prefix-compressed in its block). */
  readonly entries: Entry[];
  /** How many blocks (data and index) were Snappy-compressed. */
  readonly compressedBlocks: number;
}

/** Reads a whole LevelDB table (`.ldb`, or `.sst` from older versions). */
export function readTable(file: Uint8Array): Table {
  if (file.length < FOOTER_LENGTH) throw new FormatError('table: too short');
  const footer = file.subarray(file.length - FOOTER_LENGTH);
  if (!TABLE_MAGIC.every((b, i) => footer[40 + i] === b)) throw new FormatError('table: no magic number');
  const metaindex = blockHandle(footer, 0);
  const indexHandle = blockHandle(footer, metaindex.next);
  const index = readBlock(file, indexHandle);
  let compressedBlocks = index.compressed ? 1 : 0;
  const blocks: Uint8Array[] = [];
  const entries: Entry[] = [];
  for (const { value } of blockEntries(index.contents)) {
    const data = readBlock(file, blockHandle(value, 0));
    if (data.compressed) compressedBlocks++;
    blocks.push(data.contents);
    entries.push(...blockEntries(data.contents));
  }
  return { blocks, entries, compressedBlocks };
}

const LOG_BLOCK = 32_768;
const LOG_HEADER = 7;
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

/**
 * The records of a LevelDB write-ahead log, each put back together from its fragments. Each
 * record is a write batch: its keys and values are in it uncompressed.
 */
export function readLog(file: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  for (let block = 0; block < file.length; block += LOG_BLOCK) {
    const end = Math.min(block + LOG_BLOCK, file.length);
    let at = block;
    while (at + LOG_HEADER <= end) {
      const length = file[at + 4] | (file[at + 5] << 8);
      const type = file[at + 6];
      // Zero type and length: the preallocated, never written tail of a block or file.
      if (type === 0 && length === 0) break;
      const start = at + LOG_HEADER;
      if (start + length > end) throw new FormatError('log: record past its block');
      const fragment = file.subarray(start, start + length);
      if (type === FULL) records.push(fragment);
      else if (type === FIRST) pending = [fragment];
      else if (type === MIDDLE) pending.push(fragment);
      else if (type === LAST) {
        pending.push(fragment);
        records.push(Buffer.concat(pending));
        pending = [];
      } else throw new FormatError(`log: unknown record type ${type}`);
      at = start + length;
    }
  }
  return records;
}
