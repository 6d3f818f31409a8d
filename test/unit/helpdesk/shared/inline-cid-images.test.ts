import { describe, expect, test } from 'vitest';
import { inlineCidImages } from '../../../../src/helpdesk/shared/inline-cid-images.js';
import { parseMail } from '../../../../src/mail/parse-mail.js';
import { readFixture } from '../../mail/read-fixture.js';
import { testAttachment } from '../test-request.js';

const png = Buffer.from('89504e470d0a1a0a', 'hex');
const image = testAttachment('a.png', png, { contentType: 'image/png', contentId: 'Photo@x', inline: true });
const pdf = testAttachment('a.pdf', Buffer.from('%PDF'), {
  contentType: 'application/pdf',
  contentId: 'doc@x',
});
const dataUrl = `data:image/png;base64,${png.toString('base64')}`;

describe('inlineCidImages', () => {
  test.each([
    {
      name: 'a referenced image becomes a data URL and leaves the list',
      html: '<img src="cid:Photo@x" alt="p">',
      expected: `<img src="${dataUrl}" alt="p">`,
      left: ['a.pdf'],
    },
    {
      name: 'content ids compare without case, %-escapes decoded',
      html: "<img alt='p' src='cid:photo%40x'>",
      expected: `<img alt='p' src='${dataUrl}'>`,
      left: ['a.pdf'],
    },
    {
      name: 'an unknown cid stays as it was',
      html: '<img src="cid:other@x">',
      expected: '<img src="cid:other@x">',
      left: ['a.png', 'a.pdf'],
    },
    {
      name: 'a non-image part is never inlined',
      html: '<img src="cid:doc@x">',
      expected: '<img src="cid:doc@x">',
      left: ['a.png', 'a.pdf'],
    },
    {
      name: 'an unreferenced image stays an attachment',
      html: '<p>no images</p>',
      expected: '<p>no images</p>',
      left: ['a.png', 'a.pdf'],
    },
  ])('$name', ({ html, expected, left }) => {
    const result = inlineCidImages(html, [image, pdf]);
    expect(result.html).toBe(expected);
    expect(result.attachments.map((attachment) => attachment.filename)).toEqual(left);
  });

  test('both images of a multipart/related fixture are inlined', async () => {
    const mail = await parseMail(readFixture('related-inline-image.eml'));
    expect(mail.html).toContain('cid:');
    const result = inlineCidImages(mail.html ?? '', mail.attachments);
    expect(result.html).not.toContain('cid:');
    expect(result.html.match(/src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(result.attachments).toEqual([]);
  });
});
