import { expect, test } from 'vitest';
import { htmlToText } from '../../../src/mail/html-to-text.js';

test('paragraphs, line breaks and collapsed whitespace', () => {
  expect(
    htmlToText('<p>Hello,</p>\n  <p>the kettle\n   leaks.<br>Since <b>Monday</b>.</p><div>Thanks</div>'),
  ).toBe('Hello,\n\nthe kettle leaks.\nSince Monday.\n\nThanks');
});

test('table cells separated, empty cells skipped, rows on their own lines', () => {
  expect(
    htmlToText(
      '<table><tr><th>Item</th><th>Qty</th></tr><tr><td></td><td>Kettle</td><td>1</td></tr></table>',
    ),
  ).toBe('Item | Qty\nKettle | 1');
});

test('lists, nested lists and quotes', () => {
  expect(
    htmlToText(
      '<ul><li>one</li><li>two<ol><li>a</li><li>b</li></ol></li></ul><blockquote><p>quoted</p></blockquote>',
    ),
  ).toBe('- one\n- two\n  1. a\n  2. b\n\n> quoted');
});

test('links show their target unless the text already is it; images show their alt text', () => {
  expect(
    htmlToText(
      '<p><a href="https://example.com/o/1">the order</a>, <a href="https://example.com">https://example.com</a>, ' +
        '<a href="mailto:a@example.com">a@example.com</a> <img src="cid:x" alt="Photo"></p>',
    ),
  ).toBe('the order <https://example.com/o/1>, https://example.com, a@example.com [Photo]');
});

test('entities decoded, markup-like text kept as text', () => {
  expect(htmlToText('<p>5 &lt; 6 &amp;&amp; &quot;ok&quot; &eacute;t&eacute; &lt;b&gt;</p>')).toBe(
    '5 < 6 && "ok" été <b>',
  );
});

test('pre keeps its whitespace', () => {
  expect(htmlToText('<p>Log:</p><pre>  line 1\n    line 2</pre>')).toBe('Log:\n\n  line 1\n    line 2');
});

test('script, style and title content never shows', () => {
  expect(
    htmlToText(
      '<html><head><title>T</title><style>p{color:red}</style></head><body><script>x()</script>Body</body></html>',
    ),
  ).toBe('Body');
});

test('links, images and structure inside hidden elements do not show', () => {
  expect(
    htmlToText(
      '<noscript><a href="https://x.example/">enable JS</a><img alt="pixel"><br></noscript>' +
        '<template><ul><li>t</li></ul></template><p>Shown <a href="https://y.example/">y</a></p>',
    ),
  ).toBe('Shown y <https://y.example/>');
});
