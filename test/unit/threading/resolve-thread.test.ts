import { describe, expect, test } from 'vitest';
import {
  resolveThread,
  type ThreadableMail,
  type ThreadDecision,
  type ThreadEvidence,
  type ThreadTrust,
} from '../../../src/threading/resolve-thread.js';

const ANA = 'ana@customer.example';
const BO = 'bo@other.example';
const ANA_COLLEAGUE = 'carl@customer.example';

function mail(from: string | undefined, inReplyTo: string[] = [], references: string[] = []): ThreadableMail {
  return {
    messageId: 'new@mail.example',
    inReplyTo,
    references,
    from: from === undefined ? undefined : { address: from, name: '' },
  };
}

function evidence(parts: {
  tag?: string;
  map?: Record<string, string>;
  helpdesk?: Record<string, string>;
  people?: Record<string, string[]>;
}): ThreadEvidence {
  const byMessageId = new Map<string, { ticketId: string; source: 'map' | 'helpdesk' }>();
  for (const [id, ticketId] of Object.entries(parts.map ?? {}))
    byMessageId.set(id, { ticketId, source: 'map' });
  for (const [id, ticketId] of Object.entries(parts.helpdesk ?? {}))
    byMessageId.set(id, { ticketId, source: 'helpdesk' });
  return {
    ...(parts.tag !== undefined ? { taggedTicket: parts.tag } : {}),
    byMessageId,
    participants: new Map(
      Object.entries(parts.people ?? {}).map(([ticket, people]) => [ticket, new Set(people)]),
    ),
  };
}

type Expected = Pick<ThreadDecision & { kind: 'reply' }, 'ticketId' | 'via'> | { new: string | undefined };

const cases: Array<[string, ThreadableMail, ThreadEvidence, ThreadTrust, Expected]> = [
  ['nothing known: new ticket', mail(ANA), evidence({}), 'participants', { new: undefined }],
  [
    'In-Reply-To in the map',
    mail(ANA, ['p1@x']),
    evidence({ map: { 'p1@x': '7' }, people: { 7: [ANA] } }),
    'participants',
    { ticketId: '7', via: 'in-reply-to' },
  ],
  [
    'References only, newest wins',
    mail(ANA, [], ['a@x', 'b@x']),
    evidence({ map: { 'a@x': '1', 'b@x': '2' } }),
    'participants',
    { ticketId: '2', via: 'references' },
  ],
  [
    'In-Reply-To beats References',
    mail(ANA, ['a@x'], ['b@x']),
    evidence({ map: { 'a@x': '1', 'b@x': '2' } }),
    'participants',
    { ticketId: '1', via: 'in-reply-to' },
  ],
  [
    'subject tag beats headers',
    mail(ANA, ['a@x']),
    evidence({ tag: '9', map: { 'a@x': '1' } }),
    'participants',
    { ticketId: '9', via: 'subject-tag' },
  ],
  [
    'helpdesk search when the map misses (agent reply made in the helpdesk)',
    mail(ANA, ['agent-out@rt']),
    evidence({ helpdesk: { 'agent-out@rt': '4' } }),
    'participants',
    { ticketId: '4', via: 'helpdesk-search' },
  ],
  [
    'Message-ID case does not matter',
    mail(ANA, ['P1@X']),
    evidence({ map: { 'P1@X': '7' } }),
    'participants',
    { ticketId: '7', via: 'in-reply-to' },
  ],
  [
    'unknown candidates are skipped',
    mail(ANA, ['gone@x'], ['a@x']),
    evidence({ map: { 'a@x': '3' } }),
    'participants',
    { ticketId: '3', via: 'references' },
  ],
  [
    'a Cc-ed participant may reply',
    mail('cc@customer.example', ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA, 'cc@customer.example'] } }),
    'participants',
    { ticketId: '5', via: 'in-reply-to' },
  ],
  [
    'participant check ignores address case',
    mail('Ana@Customer.Example', ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'participants',
    { ticketId: '5', via: 'in-reply-to' },
  ],
  [
    "hostile: forged References to another customer's ticket",
    mail(BO, [], ['ana-ticket@x']),
    evidence({ map: { 'ana-ticket@x': '5' }, people: { 5: [ANA] } }),
    'participants',
    { new: '5' },
  ],
  [
    "hostile: tag of another customer's ticket quoted in a subject",
    mail(BO),
    evidence({ tag: '5', people: { 5: [ANA] } }),
    'participants',
    { new: '5' },
  ],
  [
    'hostile: forged tag, but the real In-Reply-To is trusted',
    mail(BO, ['bo-ticket@x']),
    evidence({ tag: '5', map: { 'bo-ticket@x': '6' }, people: { 5: [ANA], 6: [BO] } }),
    'participants',
    { ticketId: '6', via: 'in-reply-to' },
  ],
  [
    'hostile: no From at all cannot join a known ticket',
    mail(undefined, ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'participants',
    { new: '5' },
  ],
  [
    'colleague at the same domain: refused under participants',
    mail(ANA_COLLEAGUE, ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'participants',
    { new: '5' },
  ],
  [
    'colleague at the same domain: allowed under domain',
    mail(ANA_COLLEAGUE, ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'domain',
    { ticketId: '5', via: 'in-reply-to' },
  ],
  [
    'domain trust is exact: a subdomain is another domain',
    mail('x@evil.customer.example', ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'domain',
    { new: '5' },
  ],
  [
    'any: a stranger may join',
    mail(BO, ['p@x']),
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'any',
    { ticketId: '5', via: 'in-reply-to' },
  ],
  [
    'a ticket popdesk knows nobody on (made in the helpdesk) is not checked',
    mail(BO, ['agent@rt']),
    evidence({ helpdesk: { 'agent@rt': '8' } }),
    'participants',
    { ticketId: '8', via: 'helpdesk-search' },
  ],
  [
    'a mail never threads to itself',
    { messageId: 'self@x', inReplyTo: ['self@x'], references: [], from: { address: ANA, name: '' } },
    evidence({ map: { 'self@x': '1' } }),
    'participants',
    { new: undefined },
  ],
  [
    'first trusted candidate wins when earlier ones are refused',
    mail(ANA, ['bo-ticket@x'], ['ana-ticket@x']),
    evidence({ map: { 'bo-ticket@x': '6', 'ana-ticket@x': '5' }, people: { 5: [ANA], 6: [BO] } }),
    'participants',
    { ticketId: '5', via: 'references' },
  ],
  [
    'Reply-To naming a participant does not make a stranger one',
    { ...mail(BO, ['p@x']), replyTo: [{ address: ANA, name: '' }] } as ThreadableMail,
    evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
    'participants',
    { new: '5' },
  ],
];

describe('resolveThread', () => {
  test.each(cases)('%s', (_name, input, found, trust, expected) => {
    const decision = resolveThread(input, found, trust);
    if ('new' in expected) {
      expect(decision.kind).toBe('new');
      expect(decision.kind === 'new' ? decision.relatedTicketId : 'x').toBe(expected.new);
    } else {
      expect(decision).toEqual({ kind: 'reply', ...expected });
    }
  });

  test('a refusal says why, for the log', () => {
    const decision = resolveThread(
      mail(BO, ['p@x']),
      evidence({ map: { 'p@x': '5' }, people: { 5: [ANA] } }),
      'participants',
    );
    expect(decision).toMatchObject({
      kind: 'new',
      reason: 'the sender is not among the people on ticket 5 (threading.trust: participants)',
    });
  });
});
