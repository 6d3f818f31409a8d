import { DeadLetterStore } from '../../queue/dead-letter-store.js';
import type { CliOutput } from '../cli-output.js';
import { type KeptMailRequest, keptMailCommand } from './kept-mail-command.js';

/**
 * `popdesk dead-letters list|show|export|requeue|delete`: what people do with mail popdesk could
 * not deliver. `requeue` sends a dead letter with its complete raw mail back to the workers.
 */
export function deadLettersCommand(request: KeptMailRequest, out: CliOutput): Promise<number> {
  return keptMailCommand(
    (redis, keys) => {
      const store = new DeadLetterStore(redis, keys);
      return {
        command: 'dead-letters',
        noun: 'dead letter',
        none: 'no dead letters',
        list: (limit) => store.list(limit),
        get: (id) => store.get(id),
        remove: (id) => store.remove(id),
        columns: (letter) => [
          letter.id,
          letter.failedAt,
          letter.mailboxId,
          letter.reason,
          letter.subject ?? '',
        ],
        kept: (letter) => letter,
      };
    },
    request,
    out,
  );
}
