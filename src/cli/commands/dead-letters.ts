import { writeFile } from 'node:fs/promises';
import { connectRedis, GIVE_UP_ON_REDIS } from '../../app/connect-redis.js';
import { loadConfig } from '../../config/index.js';
import { DeadLetterStore } from '../../queue/dead-letter-store.js';
import { RedisKeys } from '../../queue/redis-keys.js';
import { terminalText } from '../terminal-text.js';

/** `popdesk dead-letters list|show|export|delete`: what people do with mail popdesk could not deliver. */
export async function deadLettersCommand(
  action: 'list' | 'show' | 'export' | 'delete',
  id: string | undefined,
  options: { config?: string; output?: string },
  print: (line: string) => void,
): Promise<number> {
  const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
  const redis = await connectRedis({ url: config.redis.url, patience: GIVE_UP_ON_REDIS });
  const store = new DeadLetterStore(redis, new RedisKeys(config.redis.prefix));
  try {
    if (action === 'list') {
      for (const letterId of await store.list()) {
        const letter = await store.get(letterId);
        if (letter === undefined) continue;
        const fields = [letter.id, letter.failedAt, letter.mailboxId, letter.reason, letter.subject ?? ''];
        // One line per letter: a Subject holding a line break must not print a forged letter below.
        print(fields.map((field) => terminalText(field, 'single-line')).join('  '));
      }
      return 0;
    }
    if (id === undefined) {
      print(`dead-letters ${action} needs a dead letter id (see: popdesk dead-letters list)`);
      return 2;
    }
    const letter = await store.get(id);
    if (letter === undefined) {
      print(`no dead letter "${id}"`);
      return 1;
    }
    if (action === 'show') {
      const { raw, ...rest } = letter;
      print(JSON.stringify({ ...rest, rawBytes: raw.length }, null, 2));
    } else if (action === 'export') {
      const path = options.output ?? `${id}.eml`;
      await writeFile(path, letter.raw);
      print(`wrote ${letter.raw.length} bytes to ${path}${letter.rawComplete ? '' : ' (headers only)'}`);
    } else {
      await store.remove(id);
      print(`deleted dead letter ${id}`);
    }
    return 0;
  } finally {
    redis.disconnect();
  }
}
