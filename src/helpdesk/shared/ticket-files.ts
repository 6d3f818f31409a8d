import { createHash } from 'node:crypto';
import { rawHeaderSection } from '../../mail/index.js';
import type { TicketRequest } from '../helpdesk-adapter.js';

/** A file popdesk sends along with a ticket, a reply or a note. */
export interface OutgoingFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** A file left out because it did not fit the helpdesk's size limit; the body names it instead. */
export interface OmittedFile {
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
}

/** The files of one request: those sent, and those left out. */
export interface TicketFiles {
  readonly files: OutgoingFile[];
  readonly omitted: OmittedFile[];
}

/** Name of the file holding the mail's raw header block. */
export const ORIGINAL_HEADERS_FILENAME = 'original-headers.txt';

/** The raw header block of the message, byte for byte up to the body, as a text attachment. */
export function originalHeadersFile(raw: Buffer): OutgoingFile {
  return {
    filename: ORIGINAL_HEADERS_FILENAME,
    contentType: 'text/plain',
    content: rawHeaderSection(raw),
  };
}

/**
 * The files of one request: `original-headers.txt` first, then the mail's attachments in order,
 * each offered to `fits` once, in that order, and sent if it says so or named as omitted
 * otherwise. A helpdesk's size limit thus costs the files over it, not the whole mail. Pure as
 * far as `fits` is.
 */
export function selectTicketFiles(
  request: Pick<TicketRequest, 'mail' | 'raw'>,
  fits: (file: OutgoingFile) => boolean,
): TicketFiles {
  const headers = originalHeadersFile(request.raw);
  const candidates = [
    { ...headers, sha256: createHash('sha256').update(headers.content).digest('hex') },
    ...request.mail.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
      sha256: attachment.sha256,
    })),
  ];
  const files: OutgoingFile[] = [];
  const omitted: OmittedFile[] = [];
  for (const { sha256, ...file } of candidates) {
    if (fits(file)) files.push(file);
    else omitted.push({ filename: file.filename, size: file.content.length, sha256 });
  }
  return { files, omitted };
}
