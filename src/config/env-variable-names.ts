import { isMapping, type Mapping, type TreePath } from './config-tree.js';
import { MAILBOX_ID_PATTERN } from './mailbox-schema.js';
import type { SettingKey, SettingKind } from './setting-keys.js';

/** Every environment variable popdesk reads starts with this. */
export const ENV_PREFIX = 'POPDESK_';
/** The config file path; the one `POPDESK_` variable that is not a setting. */
export const CONFIG_PATH_VARIABLE = 'POPDESK_CONFIG';

/** The key a variable sets, and how its text is converted. */
export interface EnvTarget {
  readonly path: TreePath;
  readonly kind: SettingKind;
}

/**
 * Names the variable of every key: `POPDESK_` plus the path's words in upper case, camelCase
 * split (`worker.backoff.initial` → `POPDESK_WORKER_BACKOFF_INITIAL`). Mailbox keys are named
 * per mailbox in `tree` by its id, upper-cased with `-` as `_` (`POPDESK_MAILBOXES_SALES_EU_PASSWORD`);
 * ids themselves have no variable. A name maps to several targets only when two ids differ in
 * nothing but `-` and `_`.
 */
export function envTargets(tree: Mapping, keys: readonly SettingKey[]): Map<string, EnvTarget[]> {
  const targets = new Map<string, EnvTarget[]>();
  const add = (name: string, target: EnvTarget) => targets.set(name, [...(targets.get(name) ?? []), target]);
  const mailboxes: unknown[] = Array.isArray(tree.mailboxes) ? tree.mailboxes : [];
  for (const { path, kind } of keys) {
    const [section, item, ...rest] = path;
    if (section === 'mailboxes' && item === '*') {
      if (rest[0] === 'id') continue;
      mailboxes.forEach((mailbox, index) => {
        const token = mailboxToken(mailbox);
        if (token === undefined) return;
        add(envName(['mailboxes', token, ...rest]), { path: ['mailboxes', index, ...rest], kind });
      });
    } else if (!path.includes('*')) {
      add(envName(path), { path, kind });
    }
  }
  return targets;
}

/** True for `POPDESK_MAILBOXES_<ID>_ID` of a mailbox in `tree`: ids are only set in the file. */
export function isMailboxIdVariable(tree: Mapping, name: string): boolean {
  const mailboxes: unknown[] = Array.isArray(tree.mailboxes) ? tree.mailboxes : [];
  return mailboxes.some((mailbox) => {
    const token = mailboxToken(mailbox);
    return token !== undefined && name === envName(['mailboxes', token, 'id']);
  });
}

function mailboxToken(mailbox: unknown): string | undefined {
  const id = isMapping(mailbox) ? mailbox.id : undefined;
  return typeof id === 'string' && MAILBOX_ID_PATTERN.test(id) ? id.replaceAll('-', '_') : undefined;
}

function envName(path: readonly string[]): string {
  return ENV_PREFIX + path.map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}
