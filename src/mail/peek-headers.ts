import { readHeaderBlock } from './header/header-block.js';

/**
 * Far below readHeaderBlock's own 1 MB cap: this runs on the poller's hot path for
 * three short fields, which sit near the top of any real header.
 */
const MAX_HEADER_BLOCK = 64 * 1024;
const MAX_VALUE = 200;

/** A few header values read without parsing the mail, for logs and job data. */
export interface PeekedHeaders {
  readonly messageId?: string;
  readonly subject?: string;
  readonly from?: string;
}

/**
 * Reads Message-ID, Subject and From from the header block of a raw mail: unfolded, as sent
 * (encoded-words are left encoded), cut to 200 characters. Cheap enough for the poller's hot
 * path; the worker's full parse is what anything real relies on. Never throws.
 */
export function peekHeaders(raw: Buffer): PeekedHeaders {
  const { fields } = readHeaderBlock(raw.subarray(0, MAX_HEADER_BLOCK));
  const first = (name: string): string | undefined =>
    fields
      .find((field) => field.name === name)
      ?.value.toString('latin1')
      .slice(0, MAX_VALUE);
  const messageId = first('message-id')?.replace(/^<|>$/g, '');
  const subject = first('subject');
  const from = first('from');
  return {
    ...(messageId !== undefined && messageId !== '' ? { messageId } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(from !== undefined ? { from } : {}),
  };
}
