import { decodeText } from '../charset/decode-text.js';
import type { HeaderBlock } from '../header/header-block.js';
import type { MailBody } from './mail-body.js';

/**
 * The body of a mail the MIME parser could not read, as far as it can be read without one: the
 * text of a single text/plain body that is not transfer-encoded, else nothing. (The caller keeps
 * the raw message as an attachment.)
 */
export function readFallbackBody(raw: Buffer, block: HeaderBlock, problems: string[]): MailBody {
  const header = (name: string): string =>
    block.fields.find((field) => field.name === name)?.value.toString('latin1') ?? '';
  const contentType = header('content-type');
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  const encoding = header('content-transfer-encoding').trim().toLowerCase();
  if (type !== 'text/plain' || !['', '7bit', '8bit', 'binary'].includes(encoding)) {
    return { text: '', html: undefined, attachments: [] };
  }
  const decoded = decodeText(raw.subarray(block.bodyOffset), charset);
  if (decoded.problem !== undefined) problems.push(`text/plain part: ${decoded.problem}`);
  return { text: decoded.text.replace(/\r\n/g, '\n'), html: undefined, attachments: [] };
}
