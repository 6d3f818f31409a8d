/**
 * A minimal TNEF writer for tests ([MS-OXTNEF] 2.1.3): a signature, then per file an
 * `attAttachRendData`, an `attAttachTitle`, an `attAttachData` and, when `longName` is given, an
 * `attAttachment` carrying `PidTagAttachLongFilename`. It lets tests know the exact bytes a
 * decoder must give back.
 */
export interface TnefTestFile {
  readonly title: string;
  readonly longName?: string;
  readonly content: Buffer;
}

export function writeTnef(files: readonly TnefTestFile[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt32LE(0x223e9f78, 0);
  header.writeUInt16LE(0x0001, 4);
  const parts: Buffer[] = [header];
  for (const file of files) {
    parts.push(attribute(0x00069002, Buffer.alloc(14)));
    parts.push(attribute(0x00018010, Buffer.from(`${file.title}\0`, 'latin1')));
    parts.push(attribute(0x0006800f, file.content));
    if (file.longName !== undefined) parts.push(attribute(0x00069005, longFilename(file.longName)));
  }
  return Buffer.concat(parts);
}

function attribute(id: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt8(2, 0);
  head.writeUInt32LE(id, 1);
  head.writeUInt32LE(payload.length, 5);
  const checksum = Buffer.alloc(2);
  checksum.writeUInt16LE(payload.reduce((sum, byte) => (sum + byte) & 0xffff, 0));
  return Buffer.concat([head, payload, checksum]);
}

/** One PtypString (UTF-16LE) property 0x3707, count-prefixed and padded as MAPI values are in TNEF. */
function longFilename(name: string): Buffer {
  const value = Buffer.from(`${name}\0`, 'utf16le');
  const fixed = Buffer.alloc(16);
  fixed.writeUInt32LE(1, 0); // property count
  fixed.writeUInt16LE(0x001f, 4);
  fixed.writeUInt16LE(0x3707, 6);
  fixed.writeUInt32LE(1, 8); // value count
  fixed.writeUInt32LE(value.length, 12);
  return Buffer.concat([fixed, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}
