import { TnefFormatError } from './tnef-format-error.js';

/**
 * A little-endian cursor over a Buffer that throws {@link TnefFormatError} instead of reading
 * past the end: every length in a TNEF stream comes from the sender and may lie.
 */
export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number {
    this.need(1);
    return this.bytes.readUInt8(this.offset++);
  }

  u16(): number {
    this.need(2);
    const value = this.bytes.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.bytes.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  /** The next `length` bytes, as a view on the same memory. */
  take(length: number): Buffer {
    this.need(length);
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /**
   * Skips the padding MAPI values carry up to the next multiple of 4 after a value of `length`
   * bytes. Lenient at the very end: some writers leave the last value unpadded.
   */
  skipPadding(length: number): void {
    this.offset += Math.min((4 - (length % 4)) % 4, this.remaining);
  }

  private need(length: number): void {
    if (length > this.remaining) {
      throw new TnefFormatError(
        `field of ${length} bytes runs past the end (${this.remaining} left at offset ${this.offset})`,
      );
    }
  }
}
