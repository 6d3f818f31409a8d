import { describe, expect, test } from 'vitest';
import { type ClassifySettings, classifyMail } from '../../../src/hygiene/classify-mail.js';
import type { MailClass } from '../../../src/hygiene/mail-classification.js';
import { parseMail } from '../../../src/mail/parse-mail.js';

/** The mailbox of these rows, and the addresses its RT and its Freshdesk send from. */
const SETTINGS: ClassifySettings = {
  ownAddresses: new Set([
    'support@northwind-kettle.example',
    'rt@northwind-kettle.example',
    'support@northwind.freshdesk.example',
  ]),
  spamScl: 5,
};

interface Row {
  readonly name: string;
  /** Where the header shape comes from. */
  readonly source: string;
  /** The header block as the mail had it (a body is added). */
  readonly header: string;
  readonly class: MailClass;
  readonly signals: readonly string[];
}

/** A raw mail of the given header block, CRLF line ends, and a short body. */
function rawMail(header: string): Buffer {
  const lines = header.trim().replace(/\r?\n/g, '\r\n');
  return Buffer.from(`${lines}\r\n\r\nHello,\r\nthe body does not matter here.\r\n`, 'utf8');
}

const OOF = 'Automatic reply: [Ticket #4822] Order #10511: wrong colour delivered';

const ROWS: readonly Row[] = [
  // auto-reply
  {
    name: 'Exchange Online out-of-office',
    source:
      'Exchange Online automatic reply as delivered: Auto-Submitted, XARS All, Inbox-Rules-Loop, blank return path (MS "Understanding and troubleshooting OOF replies")',
    header: `Return-Path: <>
From: Claire Dubois <claire.dubois@contoso.example>
To: Northwind Support <support@northwind-kettle.example>
Subject: ${OOF}
Thread-Topic: [Ticket #4822] Order #10511: wrong colour delivered
Thread-Index: AQHadJ1x2m5o0n8bQ0e2mJ2fX8bY1A==
In-Reply-To: <ticket-4822.reply-1@northwind-kettle.example>
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: claire.dubois@contoso.example
X-MS-Exchange-Organization-SCL: -1
Content-Type: text/plain; charset="us-ascii"`,
    class: 'auto-reply',
    signals: [
      'Auto-Submitted: auto-generated',
      'X-MS-Exchange-Inbox-Rules-Loop: claire.dubois@contoso.example (weak)',
      'X-Auto-Response-Suppress: All (weak)',
      'Return-Path: <> (weak)',
      `Subject: ${OOF} (weak)`,
    ],
  },
  {
    name: 'Exchange automatic reply whose Auto-Submitted a gateway dropped',
    source:
      'Exchange OOF headers without Auto-Submitted: the weak Exchange signals agree and decide together',
    header: `Return-Path: <>
From: Amy Wong <a.wong@contoso.example>
Subject: Automatic reply: Your warranty claim
X-MS-Exchange-Inbox-Rules-Loop: a.wong@contoso.example
X-Auto-Response-Suppress: All`,
    class: 'auto-reply',
    signals: [
      'X-MS-Exchange-Inbox-Rules-Loop: a.wong@contoso.example (weak)',
      'X-Auto-Response-Suppress: All (weak)',
      'Return-Path: <> (weak)',
      'Subject: Automatic reply: Your warranty claim (weak)',
    ],
  },
  {
    name: 'Exchange out-of-office in German',
    source: 'Outlook/Exchange with a German mailbox language: "Automatische Antwort:" subject, same headers',
    header: `Return-Path: <>
From: Jonas Müller <jonas.mueller@fabrikam.example>
Subject: Automatische Antwort: Ihre Bestellung 10512
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All`,
    class: 'auto-reply',
    signals: [
      'Auto-Submitted: auto-generated',
      'X-Auto-Response-Suppress: All (weak)',
      'Return-Path: <> (weak)',
      'Subject: Automatische Antwort: Ihre Bestellung 10512 (weak)',
    ],
  },
  {
    name: 'Gmail vacation responder, also Precedence: bulk',
    source:
      'Gmail vacation reply: Auto-Submitted: auto-replied, subject "Re: <original>"; Precedence: bulk added as other vacation responders send it, to show the order',
    header: `From: Ana Lima <ana.lima@gmail.example>
Subject: Re: Your order 10513
Auto-Submitted: auto-replied
Precedence: bulk
In-Reply-To: <ticket-4900.reply-1@northwind-kettle.example>`,
    class: 'auto-reply',
    signals: ['Auto-Submitted: auto-replied'],
  },
  {
    name: 'Sieve vacation (Dovecot Pigeonhole)',
    source: 'RFC 5230 vacation responses, as Pigeonhole sends them: Auto-Submitted: auto-replied (vacation)',
    header: `Return-Path: <>
From: Ben Ortiz <ben@ortiz.example>
Subject: Auto: Order 10514
Auto-Submitted: auto-replied (vacation)
Precedence: bulk`,
    class: 'auto-reply',
    signals: [
      'Auto-Submitted: auto-replied (vacation)',
      'Return-Path: <> (weak)',
      'Subject: Auto: Order 10514 (weak)',
    ],
  },
  {
    name: 'Auto-Submitted: auto-notified',
    source: 'RFC 3834 §5 (any value other than "no"); auto-notified from RFC 5436 Sieve notify',
    header: `From: alerts@monitoring.example
Subject: Disk almost full
Auto-Submitted: auto-notified`,
    class: 'auto-reply',
    signals: ['Auto-Submitted: auto-notified'],
  },
  {
    name: 'Auto-Submitted: no is a person',
    source: 'RFC 3834 §5: "no" means the message was originated by a human',
    header: `From: Tom Baker <tom.baker@example.com>
Subject: Bulk order for our office kitchens
Auto-Submitted: no`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'X-Autoreply',
    source: 'classic vacation(1) and cPanel autoresponders: X-Autoreply: yes',
    header: `From: sales@shop.example
Subject: Thank you for your message
X-Autoreply: yes`,
    class: 'auto-reply',
    signals: ['X-Autoreply: yes'],
  },
  {
    name: 'X-Autorespond',
    source: 'Horde/Kolab and hosting autoresponders: X-Autorespond with the responder name',
    header: `From: info@hotel.example
Subject: Re: Booking
X-Autorespond: Vacation`,
    class: 'auto-reply',
    signals: ['X-Autorespond: Vacation'],
  },
  {
    name: 'Precedence: auto_reply',
    source: 'osTicket class.mailer.php and many responders mark auto-replies Precedence: auto_reply',
    header: `From: desk@partner.example
Subject: Re: Delivery
Precedence: auto_reply`,
    class: 'auto-reply',
    signals: ['Precedence: auto_reply'],
  },
  {
    name: 'Outlook read receipt',
    source: 'RFC 8098 message disposition notification, as Outlook sends "Read:" receipts',
    header: `From: Tom Baker <tom.baker@example.com>
Subject: Read: [Ticket #4830] Your question about descaling
Content-Type: multipart/report; report-type=disposition-notification;
\tboundary="----=_NextPart_000_0001"`,
    class: 'auto-reply',
    signals: [
      'Content-Type: multipart/report; report-type=disposition-notification; boundary="----=_NextPart_000_0001"',
    ],
  },
  {
    name: 'old responder: blank Return-Path and an automatic-reply subject',
    source:
      'two weak signals agree (RFC 3834 §3.3 null return path + Exchange subject prefix), nothing decisive',
    header: `Return-Path: <>
From: office@lawfirm.example
Subject: Out of Office AutoReply: Invoice 2024-117`,
    class: 'auto-reply',
    signals: ['Return-Path: <> (weak)', 'Subject: Out of Office AutoReply: Invoice 2024-117 (weak)'],
  },
  {
    name: 'a person writing "Out of office:" in the subject',
    source: 'subject prefixes are weak and never decide alone (issue 9)',
    header: `From: Pia Schulz <pia@schulz.example>
Subject: Out of office: can you deliver before I leave?`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'a person forwarded by an Exchange inbox rule',
    source:
      "Exchange stamps X-MS-Exchange-Inbox-Rules-Loop on what an inbox rule forwards, a person's mail too",
    header: `From: Lena Wolf <lena.wolf@example.com>
Subject: Kettle arrived broken
X-MS-Exchange-Inbox-Rules-Loop: office@example.com`,
    class: 'normal',
    signals: [],
  },
  // bounce
  {
    name: 'Postfix DSN (also Auto-Submitted: auto-replied)',
    source:
      'Postfix bounce(8) delivery status notification, RFC 3464; Postfix adds Auto-Submitted: auto-replied',
    header: `Return-Path: <>
From: MAILER-DAEMON@mx.northwind-kettle.example (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="9A1B2C3D4E.1711018805/mx.northwind-kettle.example"`,
    class: 'bounce',
    signals: [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="9A1B2C3D4E.1711018805/mx.northwind-kettle.example"',
      'From: mailer-daemon@mx.northwind-kettle.example',
      'Return-Path: <> (weak)',
      'Subject: Undelivered Mail Returned to Sender (weak)',
    ],
  },
  {
    name: 'Exim bounce',
    source: 'Exim bounce message: Mailer-Daemon sender, X-Failed-Recipients, "Mail delivery failed" subject',
    header: `Return-Path: <>
From: Mail Delivery System <Mailer-Daemon@mail.hosting.example>
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: nobody@invalid.example.com
Auto-Submitted: auto-replied
Content-Type: multipart/report; report-type=delivery-status; boundary=1711018805-eximdsn-1234`,
    class: 'bounce',
    signals: [
      'Content-Type: multipart/report; report-type=delivery-status; boundary=1711018805-eximdsn-1234',
      'From: mailer-daemon@mail.hosting.example',
      'X-Failed-Recipients: nobody@invalid.example.com',
      'Return-Path: <> (weak)',
      'Subject: Mail delivery failed: returning message to sender (weak)',
    ],
  },
  {
    name: 'Gmail bounce',
    source: 'Gmail "Delivery Status Notification (Failure)" from mailer-daemon@googlemail.com',
    header: `From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: old.customer@example.org
Content-Type: multipart/report; boundary="000000000000c1d2e3"; report-type=delivery-status`,
    class: 'bounce',
    signals: [
      'Content-Type: multipart/report; boundary="000000000000c1d2e3"; report-type=delivery-status',
      'From: mailer-daemon@googlemail.example',
      'X-Failed-Recipients: old.customer@example.org',
      'Subject: Delivery Status Notification (Failure) (weak)',
    ],
  },
  {
    name: 'Exchange Online NDR',
    source:
      'Exchange Online non-delivery report: multipart/report, empty X-MS-Exchange-Message-Is-Ndr, "Undeliverable:"',
    header: `From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.example>
To: support@northwind-kettle.example
Subject: Undeliverable: [Ticket #4830] Your question about descaling
Content-Type: multipart/report; report-type="delivery-status";
\tboundary="fa1b2c3d-0000-4e5f-9a8b-7c6d5e4f3a2b"
X-MS-Exchange-Message-Is-Ndr:
X-MS-Exchange-Organization-SCL: -1`,
    class: 'bounce',
    signals: [
      'Content-Type: multipart/report; report-type="delivery-status"; boundary="fa1b2c3d-0000-4e5f-9a8b-7c6d5e4f3a2b"',
      'X-MS-Exchange-Message-Is-Ndr:',
      'Subject: Undeliverable: [Ticket #4830] Your question about descaling (weak)',
    ],
  },
  {
    name: 'Exchange on-premises NDR in German, from postmaster',
    source: 'Exchange Server NDR with a German server language: postmaster sender, "Unzustellbar:" subject',
    header: `From: postmaster@fabrikam.example
Subject: Unzustellbar: Ihre Bestellung 10512
Content-Type: text/plain; charset=utf-8`,
    class: 'bounce',
    signals: ['From: postmaster@fabrikam.example', 'Subject: Unzustellbar: Ihre Bestellung 10512 (weak)'],
  },
  {
    name: 'qmail bounce',
    source: 'qmail-send bounce: plain text "failure notice" from MAILER-DAEMON, no multipart/report',
    header: `Return-Path: <>
From: MAILER-DAEMON@mail.example.net
Subject: failure notice`,
    class: 'bounce',
    signals: [
      'From: mailer-daemon@mail.example.net',
      'Return-Path: <> (weak)',
      'Subject: failure notice (weak)',
    ],
  },
  {
    name: 'blank Return-Path and a bounce subject',
    source:
      'RFC 5321 §4.5.5 null reverse-path of notifications, with a bounce subject: two weak signals agree',
    header: `Return-Path: <>
From: gateway@legacy.example
Subject: Returned mail: see transcript for details`,
    class: 'bounce',
    signals: ['Return-Path: <> (weak)', 'Subject: Returned mail: see transcript for details (weak)'],
  },
  {
    name: 'blank Return-Path alone',
    source: 'RFC 3834 §3.3 and RFC 5321 §4.5.5: a null return path says "automated", not which kind; weak',
    header: `Return-Path: <>
From: Tom Baker <tom.baker@example.com>
Subject: Question about my order`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'blank Return-Path on an auto-reply is no bounce',
    source: 'RFC 3834 §3.3: responders send with a null return path; Auto-Submitted decides',
    header: `Return-Path: <>
From: Claire Dubois <claire.dubois@contoso.example>
Subject: Re: Order 10511
Auto-Submitted: auto-replied`,
    class: 'auto-reply',
    signals: ['Auto-Submitted: auto-replied', 'Return-Path: <> (weak)'],
  },
  {
    name: 'a customer writing "Undeliverable:" in the subject',
    source: 'bounce subjects are weak and never decide alone',
    header: `From: Ana Lima <ana.lima@example.org>
Subject: Undeliverable: my parcel came back to you`,
    class: 'normal',
    signals: [],
  },
  // loop
  {
    name: 'the helpdesk notification coming back (issue 9)',
    source: 'issue 9: From the support address, X-Loop, Auto-Submitted: auto-generated',
    header: `From: Northwind Support <support@northwind-kettle.example>
Subject: [Ticket #4830] Your question about descaling
X-Loop: support@northwind-kettle.example
Auto-Submitted: auto-generated`,
    class: 'loop',
    signals: [
      'From: support@northwind-kettle.example (an own address)',
      'X-Loop: support@northwind-kettle.example',
    ],
  },
  {
    name: 'an own address in another case',
    source:
      'addresses compare lower-cased (RFC 5321 domains are case-insensitive; mailboxes in practice too)',
    header: `From: RT <RT@Northwind-Kettle.EXAMPLE>
Subject: Ticket created`,
    class: 'loop',
    signals: ['From: rt@northwind-kettle.example (an own address)'],
  },
  {
    name: "popdesk's own marker",
    source:
      "X-Popdesk-Loop, stamped by a helpdesk or webhook consumer mailing on popdesk's behalf (docs/hygiene.md)",
    header: `From: notifications@crm.example
Subject: Your request was received
X-Popdesk-Loop: northwind`,
    class: 'loop',
    signals: ['X-Popdesk-Loop: northwind'],
  },
  {
    name: 'RT correspondence (also Precedence: bulk)',
    source:
      'bestpractical/rt lib/RT/Action/SendEmail.pm: X-RT-Loop-Prevention, RT-Ticket, RT-Originator, Precedence: bulk',
    header: `From: Northwind via RT <helpdesk@rt.partner.example>
Subject: [northwind #4830] Your question about descaling
Precedence: bulk
X-RT-Loop-Prevention: northwind
RT-Ticket: northwind #4830
Managed-BY: RT 5.0.5 (http://www.bestpractical.com/rt/)
RT-Originator: agent@northwind-kettle.example`,
    class: 'loop',
    signals: [
      'X-RT-Loop-Prevention: northwind',
      'RT-Ticket: northwind #4830',
      'RT-Originator: agent@northwind-kettle.example',
    ],
  },
  {
    name: 'Zammad notification',
    source: 'zammad/zammad app/models/channel/email_build.rb: notification headers and X-Mailer',
    header: `From: Zammad Helpdesk <noreply@zammad.partner.example>
Subject: New ticket (Kettle arrived broken)
X-Loop: yes
Precedence: bulk
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-Powered-By: Zammad - Helpdesk/Support (https://zammad.org/)
X-Mailer: Zammad Mail Service`,
    class: 'loop',
    signals: [
      'X-Loop: yes',
      "X-Mailer: Zammad Mail Service with Auto-Submitted: auto-generated (a helpdesk's automated mail)",
    ],
  },
  {
    name: 'Zammad channel verify mail',
    source: 'zammad/zammad: the email channel check mails itself with X-Zammad-Ignore/-Verify/-Verify-Time',
    header: `From: support@zammad.partner.example
Subject: Zammad Getting started Test Email #123
X-Zammad-Ignore: true
X-Zammad-Verify: true
X-Zammad-Verify-Time: 2024-03-22T09:00:00Z
X-Mailer: Zammad Mail Service`,
    class: 'loop',
    signals: [
      'X-Zammad-Ignore: true',
      'X-Zammad-Verify: true',
      'X-Zammad-Verify-Time: 2024-03-22T09:00:00Z',
      'X-Mailer: Zammad Mail Service (weak)',
    ],
  },
  {
    name: "an agent's reply from another company's Zammad",
    source:
      "email_build.rb puts X-Mailer and X-Powered-By on every mail, people's replies too: one weak signal",
    header: `From: Sara Kim via Partner Support <support@zammad.partner.example>
Subject: RE: Spare parts for the Copper Kettle [Ticket#1013611]
X-Powered-By: Zammad - Helpdesk/Support (https://zammad.org/)
X-Mailer: Zammad Mail Service`,
    class: 'normal',
    signals: [],
  },
  {
    name: "an agent's reply from another company's osTicket",
    source: 'osTicket include/class.mailer.php: X-Mailer: osTicket Mailer on every mail',
    header: `From: Partner Support <help@osticket.partner.example>
Subject: Re: [#482913] Wholesale prices
X-Mailer: osTicket Mailer`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'osTicket auto-response',
    source:
      'osTicket include/class.mailer.php, autoreply option: Precedence, X-Autoreply, XARS, Auto-Submitted',
    header: `From: Partner Support <help@osticket.partner.example>
Subject: Support Ticket Opened [#482914]
X-Mailer: osTicket Mailer
Precedence: auto_reply
X-Autoreply: yes
X-Auto-Response-Suppress: DR, RN, OOF, AutoReply
Auto-Submitted: auto-replied`,
    class: 'loop',
    signals: ["X-Mailer: osTicket Mailer with Auto-Submitted: auto-replied (a helpdesk's automated mail)"],
  },
  {
    name: 'Freshdesk notification from its listed address',
    source:
      'Freshdesk sets no header of its own (an early Freshdesk mailer, EmailConfigNotifier, sets only Auto-Submitted and XARS): caught by hygiene.ownAddresses',
    header: `From: Northwind Support <support@northwind.freshdesk.example>
Subject: Ticket Received - Kettle arrived broken
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: DR, RN, OOF, AutoReply`,
    class: 'loop',
    signals: ['From: support@northwind.freshdesk.example (an own address)'],
  },
  {
    name: 'spoofed own address with a spam flag',
    source: 'order: loop before spam (MAIL_CLASSES); both are filtered',
    header: `From: support@northwind-kettle.example
Subject: Your mailbox is full
X-Spam-Flag: YES`,
    class: 'loop',
    signals: ['From: support@northwind-kettle.example (an own address)'],
  },
  // spam
  {
    name: 'SpamAssassin spam',
    source: 'SpamAssassin add_header defaults: X-Spam-Flag: YES, X-Spam-Status: Yes, score=...',
    header: `From: "Pharmacy" <deals@cheap-meds.example>
Subject: Best prices
X-Spam-Flag: YES
X-Spam-Level: ************
X-Spam-Status: Yes, score=12.3 required=5.0 tests=BAYES_99,URIBL_BLACK autolearn=spam version=4.0.0`,
    class: 'spam',
    signals: [
      'X-Spam-Flag: YES',
      'X-Spam-Status: Yes, score=12.3 required=5.0 tests=BAYES_99,URIBL_BLACK autolearn=spam version=4.0.0',
    ],
  },
  {
    name: 'SpamAssassin ham',
    source: 'SpamAssassin on a clean mail: X-Spam-Flag: NO, X-Spam-Status: No, ...',
    header: `From: Tom Baker <tom.baker@example.com>
Subject: Bulk order
X-Spam-Flag: NO
X-Spam-Status: No, score=-0.7 required=5.0 tests=ALL_TRUSTED autolearn=ham version=4.0.0`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'Exchange SCL 9',
    source: '[MS-OXCMAIL] 2.1.3.2.24: X-MS-Exchange-Organization-SCL from -1 to 9; 9 is the surest spam',
    header: `From: winner@lottery.example
Subject: You have won
X-MS-Exchange-Organization-SCL: 9`,
    class: 'spam',
    signals: ['X-MS-Exchange-Organization-SCL: 9 (threshold 5)'],
  },
  {
    name: 'Exchange SCL at the threshold',
    source: 'hygiene.spamScl 5: spam from the threshold on',
    header: `From: offers@shop.example
Subject: Offer
X-MS-Exchange-Organization-SCL: 5`,
    class: 'spam',
    signals: ['X-MS-Exchange-Organization-SCL: 5 (threshold 5)'],
  },
  {
    name: 'Exchange SCL below the threshold',
    source: 'hygiene.spamScl 5',
    header: `From: Tom Baker <tom.baker@example.com>
Subject: Order
X-MS-Exchange-Organization-SCL: 4`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'Exchange Online Protection spam verdict',
    source: 'learn.microsoft.com "Anti-spam message headers in Microsoft 365": SFV:SPM, SCL field',
    header: `From: promo@bulk-sender.example
Subject: Last chance
X-Forefront-Antispam-Report: CIP:203.0.113.5;CTRY:US;LANG:en;SCL:6;SRV:;IPV:NLI;SFV:SPM;H:mail.bulk-sender.example;PTR:mail.bulk-sender.example;CAT:SPM;SFS:(13230031);DIR:INB;`,
    class: 'spam',
    signals: ['X-Forefront-Antispam-Report: SFV:SPM', 'X-Forefront-Antispam-Report: SCL:6 (threshold 5)'],
  },
  {
    name: 'Exchange Online Protection clean verdict',
    source: 'learn.microsoft.com "Anti-spam message headers in Microsoft 365": SFV:NSPM, SCL:1',
    header: `From: Lena Wolf <lena.wolf@example.com>
Subject: Invoice question
X-Forefront-Antispam-Report: CIP:198.51.100.7;CTRY:DE;LANG:de;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:mx.example.com;PTR:mx.example.com;CAT:NONE;DIR:INB;
X-MS-Exchange-Organization-SCL: 1`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'spam that claims to be an auto-reply',
    source: 'order: spam before auto-reply (MAIL_CLASSES)',
    header: `From: noreply@phish.example
Subject: Automatic reply: verify your account
Auto-Submitted: auto-replied
X-Spam-Flag: YES`,
    class: 'spam',
    signals: ['X-Spam-Flag: YES'],
  },
  // bulk
  {
    name: 'Mailman 3 list mail',
    source: 'Mailman 3 list headers: Precedence: list, List-Id (RFC 2919), List-Unsubscribe (RFC 2369)',
    header: `From: Jane Doe <jane@example.org>
Subject: [kettle-users] Descaling with vinegar?
Precedence: list
List-Id: Kettle users <kettle-users.lists.example.org>
List-Post: <mailto:kettle-users@lists.example.org>
List-Unsubscribe: <mailto:kettle-users-leave@lists.example.org>`,
    class: 'bulk',
    signals: [
      'Precedence: list',
      'List-Id: Kettle users <kettle-users.lists.example.org>',
      'List-Unsubscribe: <mailto:kettle-users-leave@lists.example.org>',
    ],
  },
  {
    name: 'Google Groups mail',
    source:
      'Google Groups delivery: Mailing-list, Precedence: list, List-ID, List-Unsubscribe with mailto and https',
    header: `From: Max Rowe <max@example.net>
Subject: Meetup next week
Mailing-list: list kettle-fans@googlegroups.com; contact kettle-fans+owners@googlegroups.com
Precedence: list
List-ID: <kettle-fans.googlegroups.com>
List-Unsubscribe: <mailto:googlegroups-manage+123456789+unsubscribe@googlegroups.com>,
 <https://groups.google.com/group/kettle-fans/subscribe>`,
    class: 'bulk',
    signals: [
      'Precedence: list',
      'List-Id: <kettle-fans.googlegroups.com>',
      'List-Unsubscribe: <mailto:googlegroups-manage+123456789+unsubscribe@googlegroups.com>, <https://groups.google.com/group/kettle-fans/subscr…',
    ],
  },
  {
    name: 'newsletter with one-click unsubscribe',
    source: 'RFC 8058 one-click unsubscribe, as Mailchimp and other bulk senders set it',
    header: `From: Kitchen Weekly <news@kitchen-weekly.example>
Subject: 10 kettles we love
List-Unsubscribe: <https://kitchen-weekly.example/u/abc123>
List-Unsubscribe-Post: List-Unsubscribe=One-Click`,
    class: 'bulk',
    signals: ['List-Unsubscribe: <https://kitchen-weekly.example/u/abc123>'],
  },
  {
    name: 'Precedence: junk',
    source: 'RFC 3834 §2 names junk with bulk and list',
    header: `From: mailer@ads.example
Subject: Coupons
Precedence: junk`,
    class: 'bulk',
    signals: ['Precedence: junk'],
  },
  // normal
  {
    name: 'Outlook desktop mail',
    source: 'Outlook/Exchange customer mail: Thread-Index, X-MS-Has-Attach, XARS "DR, OOF, AutoReply", SCL 1',
    header: `From: Tom Baker <Tom.Baker@Example.com>
To: "support@northwind-kettle.example" <support@northwind-kettle.example>
Subject: Bulk order for our office kitchens
Thread-Topic: Bulk order for our office kitchens
Thread-Index: AdpvRk8bU3NvbWVUaHJlYWRJbmRleA==
Accept-Language: en-GB, en-US
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
X-Auto-Response-Suppress: DR, OOF, AutoReply
X-MS-Exchange-Organization-SCL: 1
Content-Type: text/plain; charset="us-ascii"`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'Gmail personal mail',
    source:
      'Gmail web mail: DKIM-Signature, X-Gm-Message-State, X-Google-Smtp-Source; no List-Unsubscribe on personal mail',
    header: `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gmail.com; s=20230601; h=to:subject:message-id:date:from:mime-version; bh=abc=; b=def=
X-Gm-Message-State: AOJu0YzA1B2C3D4E5F6G7H8I9J0
X-Google-Smtp-Source: AGHT+IF1a2b3c4d5e6f7g8h9
From: Ana Lima <ana.lima@gmail.example>
Subject: Kettle lid does not close
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5"`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'Apple Mail',
    source: 'Apple Mail on macOS and iPhone: X-Mailer: Apple Mail / iPhone Mail, Mime-Version: 1.0 (1.0)',
    header: `From: Claire Dubois <claire.dubois@icloud.example>
Subject: Re: [Ticket #4822] Order #10511: wrong colour delivered
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.500.171.1.1\\))
X-Mailer: Apple Mail (2.3774.500.171.1.1)
In-Reply-To: <ticket-4822.reply-1@northwind-kettle.example>
Content-Type: text/plain; charset=utf-8`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'Thunderbird',
    source: 'Thunderbird 115: User-Agent, Content-Language, format=flowed',
    header: `From: Jonas Müller <jonas.mueller@example.de>
Subject: Deckel schließt nicht
User-Agent: Mozilla Thunderbird
Content-Language: de-DE
Content-Type: text/plain; charset=UTF-8; format=flowed`,
    class: 'normal',
    signals: [],
  },
  {
    name: 'a German customer writing about a car',
    source: '"Auto:" is a Notes auto-reply prefix and German for car: weak, never alone',
    header: `From: Karl Beck <karl@beck.example>
Subject: Auto: Wasserkocher im Wohnmobil benutzen?`,
    class: 'normal',
    signals: [],
  },
];

describe('classifyMail over real-shaped headers', () => {
  test('the table covers every class', () => {
    expect(new Set(ROWS.map((row) => row.class))).toEqual(
      new Set(['loop', 'spam', 'bounce', 'auto-reply', 'bulk', 'normal']),
    );
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
  });

  test.each(ROWS)('$name → $class ($source)', async (row) => {
    const mail = await parseMail(rawMail(row.header));
    expect(classifyMail(mail, SETTINGS)).toEqual({ class: row.class, signals: row.signals });
  });
});

describe('Exchange SCL', () => {
  const scl = async (value: string, spamScl: number) =>
    classifyMail(
      await parseMail(rawMail(`From: a@example.com\nSubject: s\nX-MS-Exchange-Organization-SCL: ${value}`)),
      { ownAddresses: new Set(), spamScl },
    ).class;

  test('SCL -1 (a trusted sender) is never spam, whatever the threshold', async () => {
    expect(await scl('-1', -1)).toBe('normal');
    expect(await scl('-1', 0)).toBe('normal');
    expect(await scl('0', 0)).toBe('spam');
  });

  test('a value that is no SCL decides nothing', async () => {
    expect(await scl('high', 5)).toBe('normal');
    expect(await scl('9.5', 5)).toBe('normal');
    expect(await scl('', 5)).toBe('normal');
  });
});
