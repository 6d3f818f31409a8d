import { expect, test } from 'vitest';
import {
  type OsTicketPublicForm,
  osTicketSetupProblems,
  osTicketSiteUrl,
  readHelpTopicOptions,
  readMaxFileSize,
} from '../../../../src/helpdesk/osticket/osticket-public-form.js';

/** The topic list of a fresh osTicket 1.18.1's open.php, as it served it. */
const OPEN_PHP = `<tr><td colspan="2">
            <select id="topicId" name="topicId" onchange="javascript:
                    var data = $(':input[name]', '#dynamic-form').serialize();">
                <option value="" selected="selected">&mdash; Select a Help Topic &mdash;</option>
                <option value="2" >Feedback</option><option value="1" >General Inquiry</option><option value="10" >Report a Problem</option><option value="11" >Report a Problem / Access Issue</option>            </select>
            <font class="error">*&nbsp;</font>`;

/** The upload script of the message field on open.php?topicId=1, as FileUploadWidget::render prints it. */
const UPLOAD_SCRIPT = `$(function(){$('#c2a9 .dropzone').filedropbox({
          url: 'ajax.php/form/upload/21',
          maxfiles: 20,
          maxfilesize: 32,
          name: 'attach:21[]',`;

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

test("the file size limit is read from the upload script, in osTicket's MiB", () => {
  expect(readMaxFileSize(UPLOAD_SCRIPT)).toBe(32 * 1024 * 1024);
  expect(readMaxFileSize(`${UPLOAD_SCRIPT}\n maxfilesize: 0.5,`)).toBe(512 * 1024);
  expect(readMaxFileSize(OPEN_PHP)).toBeUndefined();
});

test.each([
  ['https://help.example.com/api', 'https://help.example.com'],
  ['https://help.example.com/api/', 'https://help.example.com'],
  ['https://example.com/support/api/http.php', 'https://example.com/support'],
])('the site of %s is %s', (api, site) => {
  expect(osTicketSiteUrl(api)).toBe(site);
});

const form: OsTicketPublicForm = {
  topics: new Map([
    [1, 'General Inquiry'],
    [10, 'Report a Problem'],
  ]),
  maxFileSize: 1024 * 1024,
};

test('route targets that name no public topic id are reported', () => {
  expect(
    osTicketSetupProblems({ targets: ['1', '10', '999', 'Billing'], mode: 'raw-mail', maxFileSize: 1 }, form),
  ).toEqual([
    { kind: 'target-not-public', target: '999' },
    { kind: 'target-not-an-id', target: 'Billing' },
  ]);
});

test("json mode: a maxFileSize above osTicket's, or a form without uploads, is reported", () => {
  const big = 32 * 1024 * 1024;
  expect(osTicketSetupProblems({ targets: [], mode: 'json', maxFileSize: big }, form)).toEqual([
    { kind: 'max-file-size-too-big', configured: big, osTicket: 1024 * 1024 },
  ]);
  expect(osTicketSetupProblems({ targets: [], mode: 'json', maxFileSize: 1024 * 1024 }, form)).toEqual([]);
  expect(
    osTicketSetupProblems({ targets: [], mode: 'json', maxFileSize: 1 }, { ...form, maxFileSize: undefined }),
  ).toEqual([{ kind: 'no-file-upload' }]);
  // raw-mail: osTicket's mail parser keeps files of any size.
  expect(osTicketSetupProblems({ targets: [], mode: 'raw-mail', maxFileSize: big }, form)).toEqual([]);
});
