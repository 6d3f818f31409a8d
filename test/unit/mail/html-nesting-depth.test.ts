import { expect, test } from 'vitest';
import { htmlNestingDepth } from '../../../src/mail/html-nesting-depth.js';

test.each([
  ['flat text', 'just text', 0],
  ['closed elements', '<p>a</p><p><b>b</b></p>', 2],
  ['void elements never open', '<br><img src=x><hr><wbr>text', 0],
  ['unclosed elements add up', '<b><b><b>x', 3],
  ['an end tag closes what it names, and everything inside it', '<div><b><i>x</div><p>y', 3],
  ['an end tag naming nothing open closes nothing', '<b><b></i></i><b>', 3],
  ['upper-case names', '<DIV><div></Div></DIV>', 2],
  ['comments hide tags', '<!-- <b><b><b> --><p>', 1],
  ['an unterminated comment hides the rest', '<p><!-- <b><b>', 1],
  ['tags inside a script still count: a higher count is safe', '<script>"<b><b>"</script>', 3],
])('%s', (_name, html, depth) => {
  expect(htmlNestingDepth(html, 1000)).toBe(depth);
});

test('stops counting once past the limit', () => {
  expect(htmlNestingDepth('<b>'.repeat(1_000_000), 100)).toBe(101);
});
