import type { PartNode } from './charset-repairing-parser.js';
import { TextFileParser } from './text-file-parser.js';

/** mailsplit's node of a MIME part, as far as the header of an embedded message is read from it. */
interface SplitNode {
  readonly parentNode?: { readonly contentType?: string | false };
  readonly headers?: { readonly lines?: readonly { readonly line: string }[] };
}

/** Types of the parts that carry a whole mail (RFC 2046 §5.2.1, RFC 6532 §3.7). */
const MESSAGE_TYPES: ReadonlySet<string> = new Set(['message/rfc822', 'message/global']);

/**
 * A {@link TextFileParser} that also keeps the header of the first mail embedded in a
 * `message/rfc822` part that mailparser opens up. mailparser 3.14 hands such a part over as an
 * attachment unless it is `Content-Disposition: inline`; then it merges the embedded mail's text
 * into the body and drops its header, which a delivery report needs to name the mail it returns.
 * The header comes as mailsplit read it: its lines, folded, joined with CRLF.
 */
export class EmbeddedHeaderParser extends TextFileParser {
  #embeddedHeader: Buffer | undefined;

  /** The header block of the first embedded mail opened up, or undefined. */
  get embeddedHeader(): Buffer | undefined {
    return this.#embeddedHeader;
  }

  override createNode(part: unknown): PartNode {
    const node = super.createNode(part);
    const split = part as SplitNode;
    const parentType = split.parentNode?.contentType;
    if (this.#embeddedHeader === undefined && parentType && MESSAGE_TYPES.has(parentType.toLowerCase())) {
      const lines = split.headers?.lines ?? [];
      // mailsplit keeps header lines as binary strings: latin1 gives back the bytes.
      this.#embeddedHeader = Buffer.from(lines.map((entry) => entry.line).join('\r\n'), 'latin1');
    }
    return node;
  }
}
