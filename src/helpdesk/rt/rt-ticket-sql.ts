/**
 * A TicketSQL string literal: single quotes, with `\` and `'` escaped by a backslash, which is how
 * RT's query parser (`RT::SQL`) reads quoted values. Pure.
 */
export function ticketSqlString(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/**
 * The TicketSQL that finds the ticket holding a Message-ID: as its first message (the ticket
 * custom field) or on a reply (the transaction custom field). `EffectiveId > 0` keeps tickets
 * that were merged away in the result; RT hides them otherwise, and a mail whose ticket was merged
 * must still be found. Deleted tickets stay hidden. Pure.
 */
export function messageIdQuery(messageId: string, ticketField: string, transactionField: string): string {
  const value = ticketSqlString(messageId);
  return (
    `(${ticketSqlString(`CF.{${ticketField}}`)} = ${value}` +
    ` OR ${ticketSqlString(`TxnCF.{${transactionField}}`)} = ${value}) AND EffectiveId > 0`
  );
}
