import { expect, test } from 'vitest';
import {
  osTicketSiteUrl,
  osTicketTopicProblems,
  readHelpTopicOptions,
} from '../../../../src/helpdesk/osticket/osticket-help-topics.js';

/** The topic list of a fresh osTicket 1.18.1's open.php, as it served it. */
const OPEN_PHP = `<tr><td colspan="2">
            <select id="topicId" name="topicId" onchange="javascript:
                    var data = $(':input[name]', '#dynamic-form').serialize();">
                <option value="" selected="selected">&mdash; Select a Help Topic &mdash;</option>
                <option value="2" >Feedback</option><option value="1" >General Inquiry</option><option value="10" >Report a Problem</option><option value="11" >Report a Problem / Access Issue</option>            </select>
            <font class="error">*&nbsp;</font>`;

test("the public topics are read from open.php's select", () => {
  expect(readHelpTopicOptions(OPEN_PHP)).toEqual(
    new Map([
      [2, 'Feedback'],
      [1, 'General Inquiry'],
      [10, 'Report a Problem'],
      [11, 'Report a Problem / Access Issue'],
    ]),
  );
  expect(readHelpTopicOptions('<option value="3">Billing &amp; Sales</option>')).toBeUndefined();
  expect(
    readHelpTopicOptions('<select name="topicId"><option value="3">Billing &amp; Sales</option></select>'),
  ).toEqual(new Map([[3, 'Billing & Sales']]));
});

test.each([
  ['https://help.example.com/api', 'https://help.example.com'],
  ['https://help.example.com/api/', 'https://help.example.com'],
  ['https://example.com/support/api/http.php', 'https://example.com/support'],
])('the site of %s is %s', (api, site) => {
  expect(osTicketSiteUrl(api)).toBe(site);
});

test('route targets that name no public topic id are reported', () => {
  const topics = new Map([
    [1, 'General Inquiry'],
    [10, 'Report a Problem'],
  ]);
  expect(osTicketTopicProblems(['1', '10', '999', 'Billing'], topics)).toEqual([
    { target: '999', reason: 'not-public' },
    { target: 'Billing', reason: 'not-an-id' },
  ]);
});
