import { ByteReader } from './byte-reader.js';
import { decompressRtf } from './decompress-rtf.js';
import {
  MAPI,
  type MapiProperty,
  PT_OBJECT,
  PT_UNICODE,
  readMapiProperties,
} from './read-mapi-properties.js';
import { TnefFormatError } from './tnef-format-error.js';

/** A file carried inside a TNEF stream. */
export interface TnefFile {
  /** The long file name when the stream had one, else the 8.3 title; undefined when neither. */
  readonly filename: string | undefined;
  /** `PidTagAttachMimeTag` when the sender set it. */
  readonly contentType: string | undefined;
  readonly content: Buffer;
}

/** What a TNEF stream carried: its files and the message body Outlook could not put in MIME. */
export interface TnefContent {
  readonly files: readonly TnefFile[];
  /** The body as RTF, decompressed; the one a reader of the TNEF would see first. */
  readonly rtfBody: Buffer | undefined;
  /** The HTML body, kept only when there is no RTF one (as the `tnef` reference decoder does). */
  readonly htmlBody: Buffer | undefined;
}

const SIGNATURE = 0x223e9f78;
const LEVEL_MESSAGE = 1;
const LEVEL_ATTACHMENT = 2;
/** level (1) + id (4) + length (4) + checksum (2). */
const ATTRIBUTE_OVERHEAD = 11;

/** TNEF attribute ids ([MS-OXTNEF] 2.1.3.3): type in the high word, id in the low word. */
const ATT_MSG_PROPS = 0x00069003;
const ATT_ATTACH_REND_DATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005;

/** Bytes before a {@link PT_OBJECT} value's content: the interface id it was saved with. */
const OBJECT_IID_SIZE = 16;

interface FileParts {
  title?: string;
  data?: Buffer;
  properties?: ReadonlyMap<number, MapiProperty>;
}

/**
 * Decodes a TNEF stream (`winmail.dat`, [MS-OXTNEF]). Pure. Each `attAttachRendData` starts a
 * file; its name is `PidTagAttachLongFilename`, else `attAttachTitle`; its bytes are
 * `PidTagAttachDataObject`, else `attAttachData`. Line breaks after the last attribute are
 * ignored (gateways append them). Throws {@link TnefFormatError} for anything that is not TNEF,
 * lies about its lengths, or ends in a partial attribute.
 */
export function readTnef(stream: Buffer): TnefContent {
  const reader = new ByteReader(stream);
  if (reader.remaining < 6 || reader.u32() !== SIGNATURE) throw new TnefFormatError('not a TNEF stream');
  reader.u16(); // legacy key, unused
  const parts: FileParts[] = [];
  let messageProperties: ReadonlyMap<number, MapiProperty> = new Map();
  while (reader.remaining >= ATTRIBUTE_OVERHEAD) {
    const level = reader.u8();
    const id = reader.u32();
    const payload = reader.take(reader.u32());
    reader.u16(); // checksum: writers get it wrong, and a wrong one does not change the bytes
    if (level === LEVEL_MESSAGE) {
      if (id === ATT_MSG_PROPS) messageProperties = readMapiProperties(payload);
    } else if (level === LEVEL_ATTACHMENT) {
      if (id === ATT_ATTACH_REND_DATA || parts.length === 0) parts.push({});
      addAttachmentAttribute(parts[parts.length - 1] as FileParts, id, payload);
    } else {
      throw new TnefFormatError(`unknown attribute level ${level}`);
    }
  }
  const tail = stream.subarray(stream.length - reader.remaining);
  // Gateways append a line break; anything else after the last attribute is a cut-off stream,
  // whose last file would otherwise vanish without a word.
  if (!/^[\r\n\0 ]*$/.test(tail.toString('latin1'))) {
    throw new TnefFormatError(`${tail.length} bytes after the last whole attribute: the stream is cut short`);
  }
  const rtf = firstValue(messageProperties, MAPI.rtfCompressed);
  const html = firstValue(messageProperties, MAPI.bodyHtml);
  const rtfBody = rtf === undefined ? undefined : decompressRtf(rtf);
  return {
    files: parts.flatMap(toFile),
    rtfBody,
    htmlBody: rtfBody === undefined && html !== undefined ? Buffer.from(html) : undefined,
  };
}

function addAttachmentAttribute(parts: FileParts, id: number, payload: Buffer): void {
  if (id === ATT_ATTACH_TITLE) parts.title = cString(payload, 'latin1');
  else if (id === ATT_ATTACH_DATA) parts.data = payload;
  else if (id === ATT_ATTACHMENT) parts.properties = readMapiProperties(payload);
}

/** A file is what carries data; a rendering block alone (a signature's placeholder) is not one. */
function toFile(parts: FileParts): TnefFile[] {
  const object = parts.properties?.get(MAPI.attachDataObject);
  const objectBytes = object?.values[0];
  const content =
    objectBytes === undefined
      ? parts.data
      : object?.type === PT_OBJECT
        ? objectBytes.subarray(OBJECT_IID_SIZE)
        : objectBytes;
  if (content === undefined) return [];
  return [
    {
      filename: propertyString(parts.properties, MAPI.attachLongFilename) ?? parts.title,
      contentType: propertyString(parts.properties, MAPI.attachMimeTag),
      // A copy: the stream's buffer is the whole winmail.dat, which should not stay alive per file.
      content: Buffer.from(content),
    },
  ];
}

function firstValue(properties: ReadonlyMap<number, MapiProperty>, id: number): Buffer | undefined {
  return properties.get(id)?.values[0];
}

function propertyString(
  properties: ReadonlyMap<number, MapiProperty> | undefined,
  id: number,
): string | undefined {
  const property = properties?.get(id);
  const value = property?.values[0];
  if (value === undefined) return undefined;
  const text = cString(value, property?.type === PT_UNICODE ? 'utf16le' : 'latin1');
  return text === '' ? undefined : text;
}

/** A string up to its first NUL: TNEF strings are NUL-terminated, some with padding after. */
function cString(bytes: Buffer, encoding: BufferEncoding): string {
  const text = bytes.toString(encoding);
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}
