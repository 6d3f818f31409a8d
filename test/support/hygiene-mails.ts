/**
 * A support mailbox on a bad day, as mail servers really write it: customers' mail, and the
 * automated mail that must not become tickets. Each mail is built the way its sender writes it
 * (the source is named beside it), with CRLF line ends.
 */

const DATE = 'Date: Wed, 02 Dec 2026 09:00:00 +0000';

function mail(lines: readonly string[], body: string): Buffer {
  return Buffer.from(`${[...lines, DATE].join('\r\n')}\r\n\r\n${body.replaceAll('\n', '\r\n')}\r\n`);
}

/** The support address popdesk polls; the helpdesk sends its replies from it. */
export const SUPPORT_ADDRESS = 'support@popdesk.test';

/** Customer `n`'s first mail (1-based): a new ticket each. */
export function customerMail(n: number): Buffer {
  return mail(
    [
      `From: Customer ${n} <customer${n}@customers.example>`,
      `To: ${SUPPORT_ADDRESS}`,
      `Subject: Problem number ${n}`,
      `Message-ID: <c${n}@customers.example>`,
    ],
    `Hello, I have problem number ${n}.\n`,
  );
}

/** The Message-ID of customer `n`'s first mail. */
export function customerMessageId(n: number): string {
  return `c${n}@customers.example`;
}

/**
 * Exchange Online's out-of-office reply to the helpdesk's answer on customer `n`'s ticket: it
 * answers that answer (In-Reply-To), so it threads to the ticket.
 */
export function exchangeOutOfOffice(n: number, answerId: string): Buffer {
  return mail(
    [
      `From: Customer ${n} <customer${n}@customers.example>`,
      `To: ${SUPPORT_ADDRESS}`,
      `Subject: Automatic reply: [#${n}] Problem number ${n}`,
      `Message-ID: <ooo-${n}@customers.example>`,
      `In-Reply-To: <${answerId}>`,
      `References: <${customerMessageId(n)}> <${answerId}>`,
      'Auto-Submitted: auto-generated',
      'X-Auto-Response-Suppress: All',
      `X-MS-Exchange-Inbox-Rules-Loop: customer${n}@customers.example`,
      'Content-Type: text/plain; charset="us-ascii"',
    ],
    'I am out of the office until Monday and will not be able to read your message.\n',
  );
}

/** Gmail's vacation responder (RFC 3834 Auto-Submitted: auto-replied, and Precedence: bulk). */
export function gmailVacation(from: string, subject: string, messageId: string): Buffer {
  return mail(
    [
      `From: ${from}`,
      `To: ${SUPPORT_ADDRESS}`,
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      'Auto-Submitted: auto-replied',
      'Precedence: bulk',
      'X-Autoreply: yes',
      'Content-Type: text/plain; charset="UTF-8"',
    ],
    'Thanks for your mail. I am on holiday until 14 December.\n',
  );
}

/**
 * Postfix's bounce (RFC 3464 delivery status notification) of a mail the helpdesk sent: the
 * returned message is the helpdesk's answer on a ticket, which References the customer's mail.
 */
export function postfixBounce(returned: {
  messageId: string;
  references: readonly string[];
  to: string;
}): Buffer {
  const boundary = '8A3F21C0B9.1764666000/mx.customers.example';
  return mail(
    [
      'From: MAILER-DAEMON@mx.customers.example (Mail Delivery System)',
      `To: ${SUPPORT_ADDRESS}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <20261202090000.8A3F21C0B9@mx.customers.example>',
      'Return-Path: <>',
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    ],
    [
      'This is a MIME-encapsulated message.',
      '',
      `--${boundary}`,
      'Content-Description: Notification',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'This is the mail system at host mx.customers.example.',
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      `<${returned.to}>: host mx.customers.example said: 550 5.1.1 User unknown`,
      '',
      `--${boundary}`,
      'Content-Description: Delivery report',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customers.example',
      '',
      `Final-Recipient: rfc822; ${returned.to}`,
      'Action: failed',
      'Status: 5.1.1',
      '',
      `--${boundary}`,
      'Content-Description: Undelivered Message',
      'Content-Type: message/rfc822',
      '',
      `From: Support <${SUPPORT_ADDRESS}>`,
      `To: ${returned.to}`,
      'Subject: Re: your request',
      `Message-ID: <${returned.messageId}>`,
      ...(returned.references.length > 0
        ? [
            `In-Reply-To: <${returned.references.at(-1)}>`,
            `References: ${returned.references.map((id) => `<${id}>`).join(' ')}`,
          ]
        : []),
      DATE,
      '',
      'We are looking into it.',
      '',
      `--${boundary}--`,
    ].join('\n'),
  );
}

/** The helpdesk's own notification coming back into the mailbox (RT's headers, X-Loop). */
export function helpdeskNotificationLoop(): Buffer {
  return mail(
    [
      `From: Support <${SUPPORT_ADDRESS}>`,
      `To: ${SUPPORT_ADDRESS}`,
      'Subject: [popdesk.test #7] Ticket created',
      'Message-ID: <rt-7-notification@popdesk.test>',
      'X-Loop: support@popdesk.test',
      'Auto-Submitted: auto-generated',
      'RT-Ticket: popdesk.test #7',
      'X-RT-Loop-Prevention: popdesk.test',
      'Precedence: bulk',
    ],
    'Your ticket has been created.\n',
  );
}

/** Mail SpamAssassin marked as spam. */
export function spamAssassinSpam(): Buffer {
  return mail(
    [
      'From: "Prize Desk" <winner@lottery.example>',
      `To: ${SUPPORT_ADDRESS}`,
      'Subject: You have won!!!',
      'Message-ID: <spam-1@lottery.example>',
      'X-Spam-Flag: YES',
      'X-Spam-Status: Yes, score=14.2 required=5.0 tests=BAYES_99,LOTS_OF_MONEY autolearn=spam',
    ],
    'Send us your bank details.\n',
  );
}
