import { readHeaderBlock } from './header-block.js';

/**
 * Everything before the body, byte for byte: the header fields and the empty line that ends them
 * (the whole message when it has no body separator). Never throws.
 */
export function rawHeaderSection(raw: Buffer): Buffer {
  return raw.subarray(0, readHeaderBlock(raw).bodyOffset);
}

/** The raw header block up to (not including) the empty line, byte for byte. Never throws. */
export function rawHeaderBlock(raw: Buffer): Buffer {
  const section = rawHeaderSection(raw);
  let end = section.length;
  while (end > 0 && (section[end - 1] === 0x0a || section[end - 1] === 0x0d)) end -= 1;
  return section.subarray(0, end);
}
