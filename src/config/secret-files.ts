import { isMapping, type Mapping, type TreePath } from './config-tree.js';
import type { IssueCollector } from './issue-collector.js';
import { type ReadFile, readValueFile } from './read-value-file.js';
import type { ValueOrigins } from './value-origins.js';

/** What reading value files needs. */
export interface SecretFileContext {
  readonly readFile: ReadFile;
  readonly origins: ValueOrigins;
  readonly issues: IssueCollector;
  /** False for a process that never opens a mailbox (a worker): its password and CA files are not read. */
  readonly mailboxSecrets: boolean;
}

/**
 * Reads every `passwordFile`, `secretFile`, `tokenFile`, `apiKeyFile`, `apiTokenFile`, `caFile`
 * and a mailbox auth's `clientSecretFile`, `certificateFile` and `privateKeyFile` into the key it
 * names, in place, so the schema validates the content like an inline value. The `*File` key
 * stays, as a record of where the value came from. Giving both forms is an error. A mailbox's
 * files are left unread when `context.mailboxSecrets` is false, so a worker starts without them
 * mounted.
 */
export function readSecretFiles(tree: Mapping, context: SecretFileContext): void {
  if (isMapping(tree.helpdesk)) {
    const helpdesk = tree.helpdesk;
    // Each helpdesk type names its credential differently; each may come from a file.
    for (const key of ['secret', 'token', 'password', 'apiKey', 'apiToken'])
      readInto(helpdesk, ['helpdesk'], key, context);
  }
  if (!context.mailboxSecrets || !Array.isArray(tree.mailboxes)) return;
  tree.mailboxes.forEach((mailbox: unknown, index) => {
    if (!isMapping(mailbox)) return;
    readInto(mailbox, ['mailboxes', index], 'password', context);
    readInto(mailbox, ['mailboxes', index], 'ca', context);
    if (isMapping(mailbox.auth)) {
      // An app-only Microsoft 365 login authenticates with a client secret or a certificate pair.
      for (const key of ['clientSecret', 'certificate', 'privateKey'])
        readInto(mailbox.auth, ['mailboxes', index, 'auth'], key, context);
    }
  });
}

function readInto(parent: Mapping, parentPath: TreePath, key: string, context: SecretFileContext): void {
  const fileKey = `${key}File`;
  const filePath = parent[fileKey];
  if (filePath === undefined) return;
  const fileKeyPath = [...parentPath, fileKey];
  if (parent[key] !== undefined) {
    context.issues.at(fileKeyPath, `set either ${key} or ${fileKey}, not both`, { show: 'nothing' });
    return;
  }
  // Not a usable path: the schema reports it.
  if (typeof filePath !== 'string' || filePath === '') return;
  const read = readValueFile(context.readFile, filePath);
  if (!read.ok) {
    context.issues.at(fileKeyPath, `cannot read ${filePath}: ${read.reason}`, { show: 'nothing' });
    return;
  }
  parent[key] = read.value;
  const pathOrigin = context.origins.get(fileKeyPath);
  context.origins.set([...parentPath, key], {
    label: pathOrigin === undefined ? `read from ${filePath}` : `${pathOrigin.label}: read from ${filePath}`,
    secret: true,
  });
}
