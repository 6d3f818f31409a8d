import type { Readable } from 'node:stream';
import type { MailParserOptions } from 'mailparser';
import { CharsetRepairingParser, type PartNode } from './charset-repairing-parser.js';
import type { RawAttachment } from './mail-body.js';
import { isNamedTextPart } from './named-text-part.js';

/** mailsplit's node of a MIME part, the `part` mailparser's `createNode` receives. */
interface SplitNode {
  readonly contentType?: string | false;
  readonly disposition?: string | false;
  readonly filename?: string | false;
}

/**
 * A {@link CharsetRepairingParser} that also hands every text part with a file name (see
 * {@link isNamedTextPart}) to `onTextFile` as an attachment, while mailparser still merges the
 * part into the body text. The file holds the part's bytes after the transfer encoding is undone
 * and before any charset decoding or format=flowed joining: the bytes the sender attached.
 *
 * `onTextFile` is called when the part ends, so in part order among mailparser's attachments.
 */
export class TextFileParser extends CharsetRepairingParser {
  readonly #onTextFile: (file: RawAttachment) => void;

  constructor(options: MailParserOptions, problems: string[], onTextFile: (file: RawAttachment) => void) {
    super(options, problems);
    this.#onTextFile = onTextFile;
  }

  override createNode(part: unknown): PartNode {
    const node = super.createNode(part);
    const split = part as SplitNode;
    const filename = split.filename || undefined;
    const facts = {
      contentType: node.contentType || undefined,
      disposition: split.disposition || undefined,
      filename,
    };
    if (filename !== undefined && node.isAttachment === false && isNamedTextPart(facts)) {
      this.#capture(node.decoder as Readable, { ...facts, filename, contentType: String(node.contentType) });
    }
    return node;
  }

  /**
   * Copies what the part's transfer decoder yields. A 'data' listener sees every chunk however
   * mailparser then reads the decoder (pipe or `read()`), since `read()` emits 'data' as well.
   */
  #capture(
    decoder: Readable,
    facts: {
      readonly contentType: string;
      readonly disposition: string | undefined;
      readonly filename: string;
    },
  ): void {
    const chunks: Buffer[] = [];
    decoder.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
    decoder.once('end', () =>
      this.#onTextFile({
        filename: facts.filename,
        contentType: facts.contentType,
        contentId: undefined,
        inline: facts.disposition === 'inline',
        content: Buffer.concat(chunks),
      }),
    );
  }
}
