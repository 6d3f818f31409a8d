import { chown, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Gives `path` and everything below it to `uid`:`gid`, so a server dropping root can use it. */
export async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.isDirectory()) await chownTree(join(path, entry.name), uid, gid);
    else await chown(join(path, entry.name), uid, gid);
  }
}
