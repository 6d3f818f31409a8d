/**
 * The size a RETR is expected to stay under, given the size LIST announced: a tenth more plus
 * 64 KiB, as servers count octets slightly differently. A hint only, never a hard limit:
 * Exchange and Outlook.com report estimated sizes in LIST (`EnableExactRFC822Size` is off by
 * default), so a real message can be larger. Hard limits come from `maxMessageBytes`.
 */
export function sizeLimitFromList(listedSize: number): number {
  return Math.ceil(listedSize * 1.1) + 64 * 1024;
}
