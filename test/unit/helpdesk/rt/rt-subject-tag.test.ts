import { describe, expect, test } from 'vitest';
import { parseSubjectTag } from '../../../../src/helpdesk/rt/rt-subject-tag.js';

const RTNAME = 'popdesk.test';

describe('parseSubjectTag', () => {
  test.each([
    ['[popdesk.test #12]', '12'],
    ['[popdesk.test #12] Kettle broken', '12'],
    ['Re: [popdesk.test #12] Kettle broken', '12'],
    ['Fwd: Re: FW: AW: [popdesk.test #12] Kettle', '12'],
    ['RE: [POPDESK.TEST #12]', '12'],
    ['[PopDesk.Test #12]', '12'],
    ['[popdesk.test #12 ]', '12'],
    ['[popdesk.test   #12]', '12'],
    ['[popdesk.test\t#12]', '12'],
    ['[popdesk.test\u00a0#12]', '12'],
    ['[popdesk.test\u2003#12\u2009]', '12'],
    ['[popdesk.test #007]', '7'],
    ['[https://popdesk.test #12]', '12'],
    ['[http://popdesk.test #12]', '12'],
    // Like RT's gateway, a tag anywhere counts, quoted or not: the sender kept it on purpose.
    ['Re: "[popdesk.test #12]" was closed too early', '12'],
    ['Re: my earlier mail ([popdesk.test #12])', '12'],
    // Another system's tag first does not hide ours.
    ['[other.example #5] Re: [popdesk.test #12]', '12'],
    ['[Ticket#1234567] [popdesk.test #12]', '12'],
    // Two of our tags: the leftmost wins, as in RT.
    ['[popdesk.test #12] merged with [popdesk.test #13]', '12'],
    ['Re: Re: [popdesk.test #13] Fwd: [popdesk.test #12]', '13'],
  ])('%j is ticket %s', (subject, id) => {
    expect(parseSubjectTag(subject, RTNAME)).toBe(id);
  });

  test.each([
    [''],
    ['Kettle broken'],
    ['#12'],
    ['popdesk.test #12'],
    ['(popdesk.test #12)'],
    ['[popdesk.test#12]'],
    ['[popdesk.test #12abc]'],
    ['[popdesk.test #12 abc]'],
    ['[popdesk.test #]'],
    ['[popdesk.test #-12]'],
    ['[popdesk.test #0]'],
    ['[popdesk.test #000]'],
    ['[popdesk.test #1234567890123456]'],
    ['[popdesk.test #\u0661\u0662]'],
    ['[popdesk.test #１２]'],
    ['［popdesk.test #12］'],
    ['[other.example #12]'],
    ['[mypopdesk.test #12]'],
    ['[popdesk.test.evil #12]'],
    ['[popdeskXtest #12]'],
    ['[ popdesk.test #12]'],
    ['[popdesk.test #12'],
  ])('%j names no ticket of this RT', (subject) => {
    expect(parseSubjectTag(subject, RTNAME)).toBeUndefined();
  });

  test('an rtname with regular-expression characters is matched literally', () => {
    expect(parseSubjectTag('Re: [rt+(support) #3]', 'rt+(support)')).toBe('3');
    expect(parseSubjectTag('Re: [rttt(support) #3]', 'rt+(support)')).toBeUndefined();
  });

  test('an empty rtname matches nothing', () => {
    expect(parseSubjectTag('[ #3]', '')).toBeUndefined();
  });
});
