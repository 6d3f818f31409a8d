/** Elements htmlparser2 never puts on its stack of open elements (its `voidElements`). */
const VOID_ELEMENTS = new Set(
  'area base basefont br col command embed frame hr image img input isindex keygen link meta param source track wbr'.split(
    ' ',
  ),
);

/**
 * How deep the elements of an HTML document nest, at most, as htmlparser2 (the parser under
 * sanitize-html) would keep them open; scanning stops as soon as the depth passes `stopAbove`.
 *
 * Why it exists: htmlparser2 keeps its open elements in an array it `unshift`s, so every tag
 * costs time in proportion to the depth, and a mail of nothing but unclosed `<b>` makes parsing
 * quadratic (1.4 MB took 44 s). This scan is linear: a stack with `push`/`pop` and a count per
 * open name, so a closing tag whose element is not open costs nothing.
 *
 * The result is never below htmlparser2's real depth: every tag it opens is counted, and the
 * cases where it closes more than named (a `<p>` closed by the next block, a `<li>` by the next
 * item, tags inside comments, scripts or attribute values) only make this count higher.
 */
export function htmlNestingDepth(html: string, stopAbove: number): number {
  const tags = /<(\/?)([a-zA-Z][^\s/>]*)|<!--/g;
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  let deepest = 0;
  for (let match = tags.exec(html); match !== null; match = tags.exec(html)) {
    if (match[0] === '<!--') {
      // Skipped by hand: a lazy regex over many unterminated comments would be quadratic.
      const end = html.indexOf('-->', tags.lastIndex);
      if (end === -1) break;
      tags.lastIndex = end + 3;
      continue;
    }
    const name = (match[2] ?? '').toLowerCase();
    if (match[1] === '/') {
      if ((openCount.get(name) ?? 0) > 0) closeThrough(name, stack, openCount);
      continue;
    }
    if (VOID_ELEMENTS.has(name)) continue;
    stack.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
    if (stack.length > deepest) {
      deepest = stack.length;
      if (deepest > stopAbove) return deepest;
    }
  }
  return deepest;
}

/** Pops open elements down to and including the innermost `name`, as an end tag does. */
function closeThrough(name: string, stack: string[], openCount: Map<string, number>): void {
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    openCount.set(top, (openCount.get(top) ?? 1) - 1);
    if (top === name) return;
  }
}
