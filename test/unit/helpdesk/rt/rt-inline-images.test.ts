import { describe, expect, test } from 'vitest';
import { replaceInlineImages } from '../../../../src/helpdesk/rt/rt-inline-images.js';
import { attachment } from './rt-fixtures.js';

const logo = attachment('logo.png', Buffer.from('png'), {
  contentType: 'image/png',
  contentId: 'logo@x',
  inline: true,
});
const odd = attachment('a&b <1>.gif', Buffer.from('gif'), {
  contentType: 'image/gif',
  contentId: 'Part.1@X',
});

describe('replaceInlineImages', () => {
  test.each([
    ['<img src="cid:logo@x">', '[image: logo.png]'],
    ['<p>A <img alt="logo" src="cid:logo@x" width="10"> B</p>', '<p>A [image: logo.png] B</p>'],
    ["<IMG SRC='CID:logo@x'>", '[image: logo.png]'],
    ['<img src=cid:logo@x>', '[image: logo.png]'],
    ['<img src="cid:%3Clogo@x%3E">', '[image: logo.png]'],
    ['<img src="cid:part.1@x">', '[image: a&amp;b &lt;1&gt;.gif]'],
    ['<img src="cid:nowhere@x">', '[image]'],
    ['<img src="cid:%E0%A4%A">', '[image]'],
    ['<img alt="no source">', '<img alt="no source">'],
    ['<img src="https://example.com/t.gif">', '<img src="https://example.com/t.gif">'],
    ['<p>no images</p>', '<p>no images</p>'],
  ])('%s becomes %s', (html, expected) => {
    expect(replaceInlineImages(html, [logo, odd])).toEqual({ html: expected, embedded: [] });
  });

  test('data: images become attachments named in place', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const jpg = Buffer.from([0xff, 0xd8, 0xff]);
    const html = `<img src="data:image/png;base64,${png.toString('base64')}"><img src="data:image/JPEG;base64,${jpg.toString('base64')}">`;
    expect(replaceInlineImages(html, [])).toEqual({
      html: '[image: inline-image-1.png][image: inline-image-2.jpg]',
      embedded: [
        { filename: 'inline-image-1.png', contentType: 'image/png', content: png },
        { filename: 'inline-image-2.jpg', contentType: 'image/jpeg', content: jpg },
      ],
    });
  });
});
