/**
 * The `report-type` of a `multipart/report` Content-Type, lower-cased and unquoted:
 * `delivery-status` for a bounce (RFC 3464), `disposition-notification` for a read receipt
 * (RFC 8098). Undefined for any other Content-Type, or a report without the parameter
 * (RFC 6522 §3 makes it required). Never throws.
 */
export function reportTypeOf(contentType: string): string | undefined {
  const [type, ...parameters] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/report') return undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== 'report-type') continue;
    const value = parameter.slice(equals + 1).trim();
    return value.replace(/^"|"$/g, '').toLowerCase();
  }
  return undefined;
}
