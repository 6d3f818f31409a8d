import { TnefFormatError } from './tnef-format-error.js';

/** The dictionary every compressed RTF stream starts from ([MS-OXRTFCP] 3.1.1.1.2). */
const INITIAL_DICTIONARY = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript ' +
    '\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par ' +
    '\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);
const DICTIONARY_SIZE = 4096;
const HEADER_SIZE = 16;
const COMPRESSED = 0x75465a4c; // "LZFu"
const UNCOMPRESSED = 0x414c454d; // "MELA"
/** At most 8 runs of 17 bytes per 17 bytes read (a control byte and 8 two-byte references). */
const MAX_EXPANSION = 8;

/**
 * Decompresses `PidTagRtfCompressed` ([MS-OXRTFCP]): a 16-byte header, then LZ77 runs against a
 * 4 KiB ring dictionary. Output stops at the size the header declares, and a run can emit at most
 * 17 bytes per 2 bytes read, so a hostile stream cannot make it grow without bound. The CRC is not
 * checked: a wrong CRC with readable RTF is still the sender's body. Throws
 * {@link TnefFormatError} for a short header or an unknown compression type.
 */
export function decompressRtf(stream: Buffer): Buffer {
  if (stream.length < HEADER_SIZE) throw new TnefFormatError('compressed RTF shorter than its header');
  // compSize counts the bytes after its own field.
  const end = Math.min(stream.length, 4 + stream.readUInt32LE(0));
  const rawSize = stream.readUInt32LE(4);
  const type = stream.readUInt32LE(8);
  if (type === UNCOMPRESSED) return Buffer.from(stream.subarray(HEADER_SIZE, HEADER_SIZE + rawSize));
  if (type !== COMPRESSED) throw new TnefFormatError(`unknown RTF compression 0x${type.toString(16)}`);

  const dictionary = Buffer.alloc(DICTIONARY_SIZE);
  INITIAL_DICTIONARY.copy(dictionary);
  let write = INITIAL_DICTIONARY.length;
  // The declared size is the sender's word; the input bounds the real one (see above).
  const output = Buffer.alloc(Math.min(rawSize, Math.max(0, end - HEADER_SIZE) * MAX_EXPANSION));
  let length = 0;
  let input = HEADER_SIZE;
  const emit = (byte: number): void => {
    if (length < output.length) output[length++] = byte;
    dictionary[write] = byte;
    write = (write + 1) % DICTIONARY_SIZE;
  };
  while (input < end && length < output.length) {
    const control = stream[input++] as number;
    for (let bit = 0; bit < 8 && input < end && length < output.length; bit++) {
      if ((control & (1 << bit)) === 0) {
        emit(stream[input++] as number);
        continue;
      }
      if (input + 2 > end) break;
      const reference = stream.readUInt16BE(input);
      input += 2;
      const offset = reference >> 4;
      // A reference to the write position itself marks the end of the stream.
      if (offset === write) return output.subarray(0, length);
      const runLength = (reference & 0x0f) + 2;
      for (let index = 0; index < runLength; index++) {
        emit(dictionary[(offset + index) % DICTIONARY_SIZE] as number);
      }
    }
  }
  return output.subarray(0, length);
}
