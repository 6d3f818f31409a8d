import { loadConfig } from '../../config/index.js';
import { readStatus } from '../../status/read-status.js';
import type { CliOutput } from '../cli-output.js';
import { formatStatus } from '../format-status.js';

/**
 * `popdesk status [--json]`: what every mailbox, the queue, the kept mail and the helpdesk
 * circuit look like, read from Redis without changing anything. Resolves 0 when everything could
 * be read, 1 when a mailbox's token cache could not; a Redis that cannot be reached rejects
 * (`main` prints it and exits 2).
 */
export async function statusCommand(
  options: { config?: string; json?: boolean },
  out: CliOutput,
): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  const status = await readStatus(config, options.config);
  out.print(options.json === true ? JSON.stringify(status, null, 2) : formatStatus(status));
  const unread = status.mailboxes.filter(
    (mailbox) => mailbox.signIn.type === 'oauth2-outlook' && mailbox.signIn.state === 'unknown',
  );
  for (const mailbox of unread) out.error(`mailbox "${mailbox.id}": could not read its token cache`);
  return unread.length === 0 ? 0 : 1;
}
