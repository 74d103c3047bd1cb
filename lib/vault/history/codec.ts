/**
 * A small binary encoding for history: unsigned and zig-zag varints (exact up to 2^53), byte
 * strings and UTF-8 text with a length prefix. Compact on purpose — a message costs its text and
 * its pointer's bytes and little else — and strict on reading: anything out of bounds or
 * malformed is a {@link CodecError}, never a wrong value.
 * @module
 */
import { fromUtf8, utf8 } from '../../encoding/bytes.ts';
import { LibError } from '../../errors.ts';

/** Data that does not decode: a damaged record. */
export class CodecError extends LibError<'damaged'> {
  override readonly name = 'CodecError';
  constructor(message: string) {
    super('damaged', message);
  }
}

export class Writer {
  private buffer = new Uint8Array(256);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(value: number): this {
    this.room(1);
    this.buffer[this.length++] = value & 0xff;
    return this;
  }

  /** An unsigned integer up to 2^53 - 1, 7 bits a byte. */
  uint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('uint out of range');
    let v = value;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    return this.byte(v);
  }

  /** Any safe integer: a sign byte, then its magnitude. */
  int(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError('int out of range');
    return this.byte(value < 0 ? 1 : 0).uint(Math.abs(value));
  }

  bytes(value: Uint8Array): this {
    this.uint(value.length);
    this.room(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  text(value: string): this {
    return this.bytes(utf8(value));
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class Reader {
  private offset = 0;
  private readonly data: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  get done(): boolean {
    return this.offset === this.data.length;
  }

  byte(): number {
    if (this.offset >= this.data.length) throw new CodecError('unexpected end');
    return this.data[this.offset++];
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(value)) throw new CodecError('number out of range');
        return value;
      }
      scale *= 0x80;
    }
    throw new CodecError('number too long');
  }

  int(): number {
    const sign = this.byte();
    if (sign > 1) throw new CodecError('bad sign');
    const magnitude = this.uint();
    return sign === 1 ? -magnitude : magnitude;
  }

  bytes(): Uint8Array {
    const n = this.uint();
    if (this.offset + n > this.data.length) throw new CodecError('unexpected end');
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  text(): string {
    try {
      return fromUtf8(this.bytes());
    } catch (error) {
      if (error instanceof CodecError) throw error;
      throw new CodecError('text is not UTF-8');
    }
  }

  /** Throws unless every byte was read: trailing data means the record is not what it says. */
  end(): void {
    if (!this.done) throw new CodecError('trailing data');
  }
}
