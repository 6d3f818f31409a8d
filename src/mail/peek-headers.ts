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
  const window = raw.subarray(0, MAX_HEADER_BLOCK).toString('latin1');
  const end = window.search(/\r?\n\r?\n/);
  const block = (end < 0 ? window : window.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const found: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if ((name === 'message-id' || name === 'subject' || name === 'from') && found[name] === undefined) {
      found[name] = line
        .slice(colon + 1)
        .trim()
        .slice(0, MAX_VALUE);
    }
  }
  const messageId = found['message-id']?.replace(/^<|>$/g, '');
  return {
    ...(messageId !== undefined && messageId !== '' ? { messageId } : {}),
    ...(found.subject !== undefined ? { subject: found.subject } : {}),
    ...(found.from !== undefined ? { from: found.from } : {}),
  };
}
