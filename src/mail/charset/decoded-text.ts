/** Text decoded from bytes, with what went wrong on the way (a charset fallback) if anything. */
export interface DecodedText {
  readonly text: string;
  /** Why the bytes were not decoded as labelled, for `InboundMail.problems`; undefined when they were. */
  readonly problem: string | undefined;
}
