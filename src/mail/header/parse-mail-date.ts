/** An RFC 5322 zone (`+0100`), or one of the obsolete zone names `Date` understands, at the end. */
const ZONE = /(?:[+-]\d{4}|Z|\b(?:UT|GMT|[ECMP][SD]T))$/i;

/**
 * The date part of an RFC 5322 date (`12 Mar 2024`) or an ISO 8601 one. `Date` itself accepts
 * nearly anything (`not a date` parses as 2000-01-01), so the value must have one of these.
 */
const DATE_PART =
  /\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4}\b|^\d{4}-\d{2}-\d{2}/i;

/**
 * Parses a Date header value; undefined when it is not a date. Comments are dropped, and a date
 * without a zone is read as UTC (RFC 5322 requires a zone; reading it in the local zone would make
 * the result depend on the machine).
 */
export function parseMailDate(value: string): Date | undefined {
  const text = value
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!DATE_PART.test(text)) return undefined;
  const date = new Date(ZONE.test(text) ? text : `${text} +0000`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
