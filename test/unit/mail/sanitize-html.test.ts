import { describe, expect, test } from 'vitest';
import { sanitizeHtml } from '../../../src/mail/sanitize-html.js';

const LINK = '<a rel="noopener noreferrer nofollow" target="_blank"';

/** [name, hostile input, exact sanitised output]. */
const HOSTILE: ReadonlyArray<readonly [string, string, string]> = [
  ['img onerror', '<img src=x onerror=alert(1)>', ''],
  ['svg onload', '<svg onload=alert(1)><circle r=1 /></svg>ok', 'ok'],
  ['javascript: link', '<a href="javascript:alert(1)">click</a>', `${LINK}>click</a>`],
  [
    'javascript: hidden by a tab entity and a space',
    '<a href=" jav&#x09;ascript:alert(1)">click</a>',
    `${LINK}>click</a>`,
  ],
  ['javascript: with an entity colon', '<a href="JaVaScRiPt&colon;alert(1)">click</a>', `${LINK}>click</a>`],
  ['data: link', '<a href="data:text/html,<script>alert(1)</script>">d</a>', `${LINK}>d</a>`],
  [
    'relative and protocol-relative links',
    '<a href="/admin">a</a><a href="//evil.example/">b</a>',
    `${LINK}>a</a>${LINK}>b</a>`,
  ],
  [
    'CSS url() in a style attribute',
    '<div style="background:url(http://evil.example/x.png);color:red">x</div>',
    '<div style="color:red">x</div>',
  ],
  [
    'CSS expression() next to an rgb() colour',
    '<div style="width: expression(alert(1)); color: rgb(0, 128, 0)">x</div>',
    '<div style="color:rgb(0, 128, 0)">x</div>',
  ],
  ['CSS escape', '<div style="color:red\\;background:u\\72l(x)">x</div>', '<div>x</div>'],
  [
    'positioning styles',
    '<p style="position:fixed;top:0;z-index:9;display:none;color:#333">x</p>',
    '<p style="color:#333">x</p>',
  ],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=http://evil.example/">text', 'text'],
  ['base href', '<base href="http://evil.example/"><p>text</p>', '<p>text</p>'],
  ['stylesheet link', '<link rel=stylesheet href="http://evil.example/x.css">text', 'text'],
  ['style element with @import', '<style>@import url(http://evil.example/x.css)</style>visible', 'visible'],
  ['script element', '<script>alert(1)</script><p>after</p>', '<p>after</p>'],
  [
    'tracking pixel',
    '<p>Hi<img src="https://track.example/o.gif?u=1" width="1" height="1" alt=""></p>',
    '<p>Hi</p>',
  ],
  ['remote image with alt text', '<img src="//cdn.example/logo.png" alt="Logo">', '<span>[Logo]</span>'],
  ['remote srcset', '<img srcset="http://evil.example/a.png 1x" alt="a">', '<span>[a]</span>'],
  [
    'SVG data: image',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="svg">',
    '<span>[svg]</span>',
  ],
  [
    'background attribute',
    '<table background="http://evil.example/bg.png"><tr><td>x</td></tr></table>',
    '<table><tr><td>x</td></tr></table>',
  ],
  [
    'form with inputs',
    '<form action="http://evil.example/"><input name=a value=b><button>Send</button><textarea>secret</textarea></form>',
    'Send',
  ],
  [
    'iframe, object, embed',
    '<iframe src="http://evil.example/">f</iframe><object data="x.swf"></object><embed src="x.swf">after',
    'after',
  ],
  ['nested script-in-script', '<<script>script>alert(1)<</script>/script>', '&lt;/script&gt;'],
  [
    'malformed nesting',
    '<p>unclosed <b>bold <i>italic</p><table><tr><td>cell</table></div></span>',
    '<p>unclosed <b>bold <i>italic</i></b></p><table><tr><td>cell</td></tr></table>',
  ],
  [
    'MathML with xlink:href',
    '<math><mtext><a xlink:href="javascript:alert(1)">m</a></mtext></math>',
    `${LINK}>m</a>`,
  ],
  ['class and id', '<p class="modal-backdrop" id="login">x</p>', '<p>x</p>'],
  [
    'conditional comment',
    '<!--[if mso]><img src="http://evil.example/x.png"><![endif]--><p>after</p>',
    '<p>after</p>',
  ],
  [
    'noscript and template content',
    '<noscript><p>n</p></noscript><template><p>t</p></template>shown',
    'shown',
  ],
  [
    'target and rel from the mail replaced, event handler dropped',
    '<a href="https://example.com/x" target="_self" rel="opener" onclick="x()">ok</a>',
    `${LINK} href="https://example.com/x">ok</a>`,
  ],
];

describe('hostile HTML', () => {
  test.each(HOSTILE)('%s', (_name, input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected);
  });

  test.each(HOSTILE)('%s: nothing executable or remote is left', (_name, input) => {
    const output = sanitizeHtml(input);
    expect(output).not.toMatch(/<(?:script|style|iframe|object|embed|form|input|meta|base|link|svg|math)\b/i);
    expect(output).not.toMatch(/\son\w+\s*=/i);
    expect(output).not.toMatch(/javascript:|evil\.example|url\(|expression\(/i);
  });
});

describe('what is kept', () => {
  test('formatting, lists and tables', () => {
    const html =
      '<h2>Order</h2><p><b>bold</b> <i>it</i> <u>u</u><br>line</p><ul><li>one</li></ul>' +
      '<table border="1" cellpadding="4"><tr><th colspan="2">Item</th></tr><tr><td>a</td><td>b</td></tr></table>';
    expect(sanitizeHtml(html)).toBe(
      '<h2>Order</h2><p><b>bold</b> <i>it</i> <u>u</u><br />line</p><ul><li>one</li></ul>' +
        '<table border="1" cellpadding="4"><tr><th colspan="2">Item</th></tr><tr><td>a</td><td>b</td></tr></table>',
    );
  });

  test('web and mail links open in a new tab without the opener', () => {
    expect(sanitizeHtml('<a href="https://example.com/a?b=1&amp;c=2">x</a>')).toBe(
      `${LINK} href="https://example.com/a?b=1&amp;c=2">x</a>`,
    );
    expect(sanitizeHtml('<a href="mailto:help@example.com">m</a>')).toBe(
      `${LINK} href="mailto:help@example.com">m</a>`,
    );
  });

  test('cid: and raster data: images stay', () => {
    expect(sanitizeHtml('<img src="cid:photo-1@example.it" alt="Kettle" width="32">')).toBe(
      '<img src="cid:photo-1@example.it" alt="Kettle" width="32" />',
    );
    expect(sanitizeHtml('<img src="data:image/png;base64,iVBORw0KGgo=">')).toBe(
      '<img src="data:image/png;base64,iVBORw0KGgo=" />',
    );
  });

  test('safe inline styles and legacy presentation attributes', () => {
    expect(
      sanitizeHtml(
        '<font color="#1F3864" face="Calibri"><span style="font-family: &quot;Segoe UI&quot;, sans-serif; font-size: 11pt">f</span></font>',
      ),
    ).toBe(
      '<font color="#1F3864" face="Calibri"><span style="font-family:&quot;Segoe UI&quot;, sans-serif;font-size:11pt">f</span></font>',
    );
    expect(sanitizeHtml('<td align="right" bgcolor="#eeeeee">x</td>')).toBe(
      '<td align="right" bgcolor="#eeeeee">x</td>',
    );
  });
});

/** [name, style attribute as the mail sent it, style attribute kept (undefined: none)]. */
const STYLES: ReadonlyArray<readonly [string, string, string | undefined]> = [
  ['negative margin (overlays the text above)', 'margin-top:-200px;color:red', 'color:red'],
  ['negative margin in the shorthand', 'margin:0 0 0 -9999px', undefined],
  ['huge padding (pushes the text out of view)', 'padding:5000px', undefined],
  ['huge padding on one side', 'padding-left:3000px;font-weight:bold', 'font-weight:bold'],
  ['font-size:0', 'font-size:0', undefined],
  ['font-size:0px', 'font-size:0px', undefined],
  ['font-size too small to read', 'font-size:1px', undefined],
  ['font-size too large', 'font-size:400px', undefined],
  ['font shorthand with size 0', 'font:0/0 a', undefined],
  ['position', 'position:absolute;top:0;left:0', undefined],
  ['z-index', 'z-index:9999', undefined],
  ['display:none', 'display:none', undefined],
  ['visibility:hidden', 'visibility:hidden', undefined],
  ['opacity:0', 'opacity:0', undefined],
  ['transparent text', 'color:transparent', undefined],
  ['text colour with an alpha channel', 'color:rgba(0,0,0,0)', undefined],
  ['zero line height', 'line-height:0', undefined],
  ['text indented off screen', 'text-indent:-9999px', undefined],
  ['negative letter spacing', 'letter-spacing:-5px', undefined],
  ['transform and clip', 'transform:scale(0);clip:rect(0,0,0,0)', undefined],
  ['url() in background', 'background:url(https://evil.example/x.png)', undefined],
  ['url() in background-color', 'background-color:url(https://evil.example/x.png)', undefined],
  ['expression()', 'color:expression(alert(1))', undefined],
  ['CSS escape spelling url()', 'background-color:u\\72l(x)', undefined],
  ['comment inside a value', 'color:r/**/ed', undefined],
  ['-moz-binding', '-moz-binding:url(https://evil.example/x.xml#x)', undefined],
  ['!important on a safe value is dropped', 'color:red !important', 'color:red'],
  ['!important does not save a bad value', 'font-size:0 !important;margin:-10px!important', undefined],
  ['!important in the middle of a value', 'color:red !important blue', undefined],
  ['a property named like an object member', 'constructor:red;__proto__:red', undefined],
  [
    'safe styles are kept',
    'color:#1F3864;background-color:rgb(255, 255, 204);font-weight:bold;font-style:italic;text-decoration:underline;text-align:center',
    'color:#1F3864;background-color:rgb(255, 255, 204);font-weight:bold;font-style:italic;text-decoration:underline;text-align:center',
  ],
  [
    'bounded sizes and spacing are kept',
    'font-size:11pt;margin:0 auto;padding:4px 8px;line-height:1.4;border:1px solid #ccc',
    'font-size:11pt;margin:0 auto;padding:4px 8px;line-height:1.4;border:1px solid #ccc',
  ],
];

describe('inline styles: only harmless properties with bounded values', () => {
  test.each(STYLES)('%s', (_name, style, kept) => {
    const output = sanitizeHtml(`<p style="${style}">text</p>`);
    expect(output).toBe(kept === undefined ? '<p>text</p>' : `<p style="${kept}">text</p>`);
  });
});
