import { FilteredMailStore } from '../../queue/filtered-mail-store.js';
import type { CliOutput } from '../cli-output.js';
import { type KeptMailRequest, keptMailCommand } from './kept-mail-command.js';

const DAY_SECONDS = 24 * 60 * 60;

/**
 * `popdesk filtered list|show|export|requeue|delete`: the auto-replies, bounces, loops, spam,
 * list mail and rate-limited mail kept back for `hygiene.retentionDays`. `requeue` sends one to
 * the workers after all, to be delivered as a normal mail.
 */
export function filteredCommand(request: KeptMailRequest, out: CliOutput): Promise<number> {
  return keptMailCommand(
    (redis, keys, config) => {
      const store = new FilteredMailStore(
        redis,
        keys,
        config.hygiene.retentionDays * DAY_SECONDS,
        () => new Date(),
      );
      return {
        command: 'filtered',
        noun: 'filtered mail',
        none: 'no filtered mail',
        list: (limit) => store.list(limit),
        get: (id) => store.get(id),
        remove: (id) => store.remove(id),
        columns: (mail) => [
          mail.id,
          mail.filteredAt,
          mail.mailboxId,
          `${mail.class}/${mail.reason}`,
          mail.from ?? '',
          mail.subject ?? '',
        ],
        // A filtered mail always keeps its whole raw mail: it was fetched and parsed to be classified.
        kept: (mail) => ({ ...mail, ref: mail.id, rawComplete: true }),
      };
    },
    request,
    out,
  );
}
