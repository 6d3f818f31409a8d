/**
 * A TNEF stream (`winmail.dat`) does not follow MS-OXTNEF: a wrong signature, a field that runs
 * past the end, an unknown attribute level. Thrown by `readTnef`; `expandTnef` catches it and
 * keeps the original `winmail.dat`, so bad TNEF never costs the mail.
 */
export class TnefFormatError extends Error {
  override name = 'TnefFormatError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
