/**
 * Queries for `GET /api/v1/tickets/search?query=...` (docs.zammad.org api/ticket, "Search").
 * Zammad hands the query to Elasticsearch as a `query_string`, so field searches read
 * `field:"phrase"` (the user docs' "advanced search"; indexed fields are listed in the system docs,
 * install/elasticsearch/indexed-attributes: `number`, `article.message_id`, ...). Pure.
 */

/** Finds tickets with an article whose Message-ID is `messageId` (given without brackets). */
export function messageIdQuery(messageId: string): string {
  return `article.message_id:${phrase(`<${messageId}>`)}`;
}

/** Finds the ticket with this number. */
export function ticketNumberQuery(number: string): string {
  return `number:${phrase(number)}`;
}

/**
 * A quoted query_string phrase. Inside quotes only `"` and `\` are special (Elasticsearch
 * query-string syntax, "Reserved characters"); everything else, `<`, `>`, `@`, `/`, is literal.
 */
export function phrase(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}
