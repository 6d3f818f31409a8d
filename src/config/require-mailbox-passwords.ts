import { isMapping, type Mapping } from './config-tree.js';
import type { IssueCollector } from './issue-collector.js';
import { applyProviderPreset } from './mailbox-providers.js';

/**
 * Reports each mailbox that logs in with a password (`auth.type: password`, the default) but has
 * neither `password` nor `passwordFile`. Only a process that polls needs it: a worker never
 * opens a mailbox, so its config may leave mailbox secrets out. Sees the tree before the schema
 * validates it, so it checks the shape itself; a `passwordFile` that could not be read has been
 * reported already.
 */
export function requireMailboxPasswords(tree: Mapping, issues: IssueCollector): void {
  if (!Array.isArray(tree.mailboxes)) return;
  tree.mailboxes.forEach((entry: unknown, index) => {
    // A provider may imply another login (outlook: OAuth), as the schema will apply it.
    const mailbox = applyProviderPreset(entry);
    if (!isMapping(mailbox)) return;
    const type = isMapping(mailbox.auth)
      ? mailbox.auth.type
      : mailbox.auth === undefined
        ? 'password'
        : undefined;
    if (type !== 'password') return;
    if (mailbox.password !== undefined || mailbox.passwordFile !== undefined) return;
    issues.at(['mailboxes', index, 'password'], 'required when auth.type is password (or set passwordFile)');
  });
}
