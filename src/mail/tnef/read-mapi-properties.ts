import { ByteReader } from './byte-reader.js';
import { TnefFormatError } from './tnef-format-error.js';

/** One MAPI property of a TNEF attribute: its type and its values (one unless multi-valued). */
export interface MapiProperty {
  readonly type: number;
  readonly values: readonly Buffer[];
}

/** The MAPI property ids popdesk reads ([MS-OXPROPS]). */
export const MAPI = {
  rtfCompressed: 0x1009,
  bodyHtml: 0x1013,
  attachDataObject: 0x3701,
  attachLongFilename: 0x3707,
  attachMimeTag: 0x370e,
  displayName: 0x3001,
} as const;

/** Property types ([MS-OXCDATA] 2.11.1). */
const PT_STRING8 = 0x001e;
/** A UTF-16LE string value. */
export const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
/** An embedded object value: an interface id, then the object's bytes. */
export const PT_OBJECT = 0x000d;
const PT_SERVER_ID = 0x00fb;
const MULTI_VALUED = 0x1000;

/** Types whose values are length-prefixed. */
const VARIABLE_TYPES: ReadonlySet<number> = new Set([
  PT_STRING8,
  PT_UNICODE,
  PT_BINARY,
  PT_OBJECT,
  PT_SERVER_ID,
]);

/** Sizes of the fixed-length types; each value is padded to 4 bytes in TNEF. */
const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [0x0001, 4], // PtypNull
  [0x0002, 2], // PtypInteger16
  [0x0003, 4], // PtypInteger32
  [0x0004, 4], // PtypFloating32
  [0x0005, 8], // PtypFloating64
  [0x0006, 8], // PtypCurrency
  [0x0007, 8], // PtypFloatingTime
  [0x000a, 4], // PtypErrorCode
  [0x000b, 2], // PtypBoolean
  [0x0014, 8], // PtypInteger64
  [0x0040, 8], // PtypTime
  [0x0048, 16], // PtypGuid
]);

/** Named properties (id 0x8000 and above) carry a GUID and a name kind before the value. */
const FIRST_NAMED_ID = 0x8000;
const NAME_KIND_STRING = 1;

/**
 * Reads a MAPI property list, the payload of the `attMsgProps` and `attAttachment` attributes
 * ([MS-OXTNEF] 2.1.3.4), into a map by property id. Named properties are read past but kept
 * under their numeric id only, which popdesk does not need. Throws {@link TnefFormatError} when
 * a count or length runs past the attribute.
 */
export function readMapiProperties(payload: Buffer): ReadonlyMap<number, MapiProperty> {
  const reader = new ByteReader(payload);
  const count = reader.u32();
  const properties = new Map<number, MapiProperty>();
  for (let index = 0; index < count; index++) {
    const type = reader.u16();
    const id = reader.u16();
    if (id >= FIRST_NAMED_ID) skipPropertyName(reader);
    const baseType = type & ~MULTI_VALUED;
    const values = readValues(reader, baseType, (type & MULTI_VALUED) !== 0);
    properties.set(id, { type: baseType, values });
  }
  return properties;
}

function skipPropertyName(reader: ByteReader): void {
  reader.take(16);
  if (reader.u32() === NAME_KIND_STRING) {
    const length = reader.u32();
    reader.take(length);
    reader.skipPadding(length);
  } else {
    reader.u32();
  }
}

function readValues(reader: ByteReader, type: number, multiValued: boolean): Buffer[] {
  const fixed = FIXED_SIZES.get(type);
  if (fixed !== undefined) {
    const count = multiValued ? reader.u32() : 1;
    checkCount(reader, count, 4);
    return Array.from({ length: count }, () => {
      const value = reader.take(fixed);
      reader.skipPadding(fixed);
      return value;
    });
  }
  if (VARIABLE_TYPES.has(type)) {
    // Variable-length values always carry a count, even when single-valued ([MS-OXTNEF] 2.1.3.4).
    const count = reader.u32();
    checkCount(reader, count, 4);
    return Array.from({ length: count }, () => {
      const length = reader.u32();
      const value = reader.take(length);
      reader.skipPadding(length);
      return value;
    });
  }
  throw new TnefFormatError(`unknown MAPI property type 0x${type.toString(16)}`);
}

/** A count that cannot fit in what is left is a lie; refusing it early avoids a huge array. */
function checkCount(reader: ByteReader, count: number, minimumSize: number): void {
  if (count * minimumSize > reader.remaining) {
    throw new TnefFormatError(`MAPI value count ${count} does not fit in ${reader.remaining} bytes`);
  }
}
