import { chown, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

let delivered = 0;

/**
 * Delivers into a Maildir as a delivery agent does (maildir(5)): each message is written under
 * tmp/ and renamed into new/, so a server never sees half a file. `owner` is the mail owner the
 * server opens the files as.
 */
export async function deliverToMaildir(
  maildir: string,
  messages: readonly Buffer[],
  owner: { readonly uid: number; readonly gid: number },
): Promise<void> {
  for (const message of messages) {
    delivered += 1;
    const unique = `${Date.now()}.M${delivered}P${process.pid}.popdesk-test,S=${message.length}`;
    await writeFile(join(maildir, 'tmp', unique), message, { flag: 'wx' });
    await chown(join(maildir, 'tmp', unique), owner.uid, owner.gid);
    await rename(join(maildir, 'tmp', unique), join(maildir, 'new', unique));
  }
}

/** How many messages a Maildir holds: unread ones in new/ and seen ones in cur/. */
export async function countMaildir(maildir: string): Promise<number> {
  const listings = await Promise.all(['new', 'cur'].map((sub) => readdir(join(maildir, sub))));
  return listings.reduce((sum, names) => sum + names.length, 0);
}
