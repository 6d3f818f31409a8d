import { Transform, type TransformCallback } from 'node:stream';

/**
 * A transform that collects every byte of a body part, then emits the whole part decoded by
 * `decode`, as UTF-8. Charset fallbacks need the whole part: whether it is valid UTF-8 is only
 * known at its end.
 */
export class BufferedDecodeStream extends Transform {
  readonly #chunks: Buffer[] = [];
  readonly #decode: (bytes: Buffer) => string;

  constructor(decode: (bytes: Buffer) => string) {
    super();
    this.#decode = decode;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1'));
    done();
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.#decode(Buffer.concat(this.#chunks)), 'utf8'));
  }
}
