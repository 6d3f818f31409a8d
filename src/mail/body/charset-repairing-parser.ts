import type { Transform } from 'node:stream';
import { MailParser, type MailParserOptions } from 'mailparser';
import { decodeText } from '../charset/decode-text.js';
import { BufferedDecodeStream } from './buffered-decode-stream.js';

/** mailparser's node for a MIME part, as far as popdesk's hooks read and change it. */
export interface PartNode {
  charset?: string | false;
  contentType?: string | false;
  isAttachment?: boolean;
  decoder?: unknown;
}

/**
 * The two members of mailparser 3.14's `MailParser` the hook relies on; neither is in its public
 * typings. `createNode` builds the node of each MIME part; for a text body part (not an
 * attachment) the parser then decodes the body through `decoder.decodeStream(node.charset)`,
 * except for a missing, us-ascii or UTF-8 charset, which it turns into a string as UTF-8 directly.
 */
interface MailParserInternals {
  createNode(part: unknown): PartNode;
  decoder: { decodeStream(charset: string): Transform };
}

const InternalMailParser = MailParser as unknown as new (
  options?: MailParserOptions,
) => MailParser & MailParserInternals;

/** Marks a charset label as ours, so that `decodeStream` finds the label it stands for. */
const LABEL_PREFIX = 'x-popdesk-part-';

/**
 * A `MailParser` that decodes every text body part with `decodeText` instead of its own charset
 * handling, which turns 8-bit text without a charset, text under an unknown charset and Latin-1
 * labelled us-ascii into U+FFFD. Each text part is relabelled with a marker so it reaches
 * `decodeStream`, where the original label is looked up and the part decoded with the fallbacks.
 * Problems met are appended to `problems`.
 */
export class CharsetRepairingParser extends InternalMailParser {
  readonly #parts: Array<{ readonly label: string | undefined; readonly contentType: string }> = [];
  readonly #problems: string[];

  constructor(options: MailParserOptions, problems: string[]) {
    super(options);
    this.#problems = problems;
    if (typeof super.createNode !== 'function' || typeof this.decoder?.decodeStream !== 'function') {
      throw new TypeError('mailparser no longer has the createNode/decoder internals popdesk hooks into');
    }
    const original = this.decoder;
    this.decoder = {
      decodeStream: (charset: string) =>
        charset.startsWith(LABEL_PREFIX) ? this.#decodeStream(charset) : original.decodeStream(charset),
    };
  }

  override createNode(part: unknown): PartNode {
    const node = super.createNode(part);
    if (node.decoder !== undefined && node.isAttachment === false) {
      this.#parts.push({
        label: node.charset || undefined,
        contentType: String(node.contentType || 'text/plain'),
      });
      node.charset = `${LABEL_PREFIX}${this.#parts.length - 1}`;
    }
    return node;
  }

  #decodeStream(marker: string): Transform {
    const part = this.#parts[Number(marker.slice(LABEL_PREFIX.length))];
    return new BufferedDecodeStream((bytes) => {
      const decoded = decodeText(bytes, part?.label);
      if (decoded.problem !== undefined) this.#problems.push(`${part?.contentType} part: ${decoded.problem}`);
      return decoded.text;
    });
  }
}
