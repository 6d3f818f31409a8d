import { Readable } from 'node:stream';
import type { WebhookEnvelope } from './webhook-payload.js';
import { signWebhookBody } from './webhook-signature.js';

/**
 * Attachment bytes encoded per chunk. A multiple of 3, so the chunks' base64 texts join into the
 * base64 text of the whole: no padding falls inside.
 */
const CHUNK_BYTES = 3 * 16 * 1024;

/** A piece of the body: JSON bytes as they are, or an attachment's bytes to encode as base64. */
type BodyPart = Buffer | { readonly content: Buffer };

/**
 * The JSON body of one webhook request, as bytes that are produced while they are sent. A 10 MB
 * attachment would otherwise exist four more times at once: as a base64 string, inside the JSON
 * string, as the bytes the HMAC hashes and as the bytes the HTTP client writes. Here the
 * attachments stay the parsed mail's buffers and are encoded 48 KB at a time, once for the
 * signature and once on the wire. The bytes are exactly `JSON.stringify` of the whole payload
 * (docs/webhook.md): attachments are its last key and `contentBase64` each one's last.
 */
export class WebhookBody {
  /** The body's length in bytes, for `Content-Length`. */
  readonly length: number;
  private readonly parts: readonly BodyPart[];

  /** `contents[i]` holds the bytes of `envelope.attachments[i]`. */
  constructor(envelope: WebhookEnvelope, contents: readonly Buffer[]) {
    const { attachments, ...rest } = envelope;
    const parts: BodyPart[] = [Buffer.from(`${withoutLastBrace(JSON.stringify(rest))},"attachments":[`)];
    attachments.forEach((header, i) => {
      const content = contents[i] ?? Buffer.alloc(0);
      const open = `${i > 0 ? ',' : ''}${withoutLastBrace(JSON.stringify(header))},"contentBase64":"`;
      parts.push(Buffer.from(open), { content }, Buffer.from('"}'));
    });
    parts.push(Buffer.from(']}'));
    this.parts = parts;
    this.length = parts.reduce(
      (sum, part) => sum + (Buffer.isBuffer(part) ? part.length : 4 * Math.ceil(part.content.length / 3)),
      0,
    );
  }

  /** The body's bytes in order, a JSON piece or 64 KB of base64 at a time. */
  *chunks(): Generator<Buffer> {
    for (const part of this.parts) {
      if (Buffer.isBuffer(part)) {
        yield part;
        continue;
      }
      for (let offset = 0; offset < part.content.length; offset += CHUNK_BYTES) {
        yield Buffer.from(part.content.subarray(offset, offset + CHUNK_BYTES).toString('base64'), 'latin1');
      }
    }
  }

  /** The body as a stream for the HTTP client; each call starts a new one (a retry sends it again). */
  stream(): Readable {
    return Readable.from(this.chunks(), { objectMode: false });
  }

  /** The body's signature ({@link signWebhookBody}), hashed chunk by chunk. */
  signature(secret: string, timestamp: number): string {
    return signWebhookBody(secret, timestamp, this.chunks());
  }
}

/** `{"a":1}` without its closing brace, to append more keys to. */
function withoutLastBrace(json: string): string {
  return json.slice(0, -1);
}
