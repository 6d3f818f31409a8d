/** Thrown when a file read as mbox does not start with a `From ` separator line: it is not an mbox. */
export class MboxFormatError extends Error {
  override readonly name = 'MboxFormatError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
