import { getAt, isMapping, type TreePath } from './config-tree.js';
import { MAILBOX_ID_PATTERN } from './mailbox-schema.js';

/**
 * Writes a tree path the way a user finds it in their file: `mailboxes[support].auth.clientId`.
 * A mailbox is named by its id when that id is valid and unique, else by its index.
 */
export function displayPath(tree: unknown, path: TreePath): string {
  let text = '';
  path.forEach((segment, position) => {
    if (typeof segment === 'number') {
      const isMailbox = position === 1 && path[0] === 'mailboxes';
      text += `[${isMailbox ? mailboxLabel(tree, segment) : segment}]`;
    } else {
      text += text === '' ? segment : `.${segment}`;
    }
  });
  return text === '' ? '(top level)' : text;
}

function mailboxLabel(tree: unknown, index: number): string {
  const mailboxes = getAt(tree, ['mailboxes']);
  if (!Array.isArray(mailboxes)) return String(index);
  const item: unknown = mailboxes[index];
  const id = isMapping(item) ? item.id : undefined;
  if (typeof id !== 'string' || !MAILBOX_ID_PATTERN.test(id)) return String(index);
  const sameId = mailboxes.filter((other: unknown) => isMapping(other) && other.id === id);
  return sameId.length === 1 ? id : String(index);
}
