import sanitize from 'sanitize-html';

/** Elements that end a line. */
const BLOCK = new Set(
  (
    'address article aside blockquote caption center dd div dl dt fieldset figcaption figure footer ' +
    'form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody tfoot thead tr ul'
  ).split(' '),
);
/** Block elements set off by an empty line. */
const PARAGRAPH = new Set('blockquote dl figure h1 h2 h3 h4 h5 h6 hr ol p pre table ul'.split(' '));
/**
 * Deepest list indentation and quote marking written. Deeper levels read no better, and writing
 * them before every line would make the text grow with the square of a hostile mail's nesting.
 */
const MAX_MARKED_LEVELS = 16;
/** Elements whose content is never shown as text. */
const HIDDEN = new Set(
  'script style textarea option xmp title noscript noembed noframes iframe template'.split(' '),
);

/**
 * Plain text of an HTML body, as a support agent should read it in a text-only view: paragraphs
 * and line breaks kept, table cells separated by ` | `, list items bulleted, quotes marked `> `,
 * link targets after the link text, image alt text in brackets, no script or style content.
 * Parsed by sanitize-html's parser (its documented open/close/text hooks).
 */
export function htmlToText(html: string): string {
  const out = new TextLayout();
  const links: Array<{ href: string | undefined; text: string }> = [];
  const lists: Array<{ ordered: boolean; count: number }> = [];
  const rows: number[] = [];
  // Depth inside a hidden element: its text never reaches textFilter, and its links, images and
  // structure must not show either.
  let hidden = 0;
  sanitize(html, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: [...HIDDEN],
    onOpenTag: (name, attribs) => {
      if (hidden > 0 || HIDDEN.has(name)) {
        hidden += 1;
        return;
      }
      if (BLOCK.has(name)) out.breakLine(PARAGRAPH.has(name) && !isNestedList(name, lists.length) ? 2 : 1);
      if (name === 'br') out.newLine();
      else if (name === 'pre') out.preformatted += 1;
      else if (name === 'blockquote') out.quoteDepth += 1;
      else if (name === 'ol' || name === 'ul') lists.push({ ordered: name === 'ol', count: 0 });
      else if (name === 'li') {
        const list = lists[lists.length - 1];
        if (list) list.count += 1;
        out.prefix = `${'  '.repeat(Math.min(Math.max(lists.length - 1, 0), MAX_MARKED_LEVELS))}${list?.ordered ? `${list.count}.` : '-'} `;
      } else if (name === 'tr') rows.push(0);
      else if (name === 'td' || name === 'th') {
        const cells = rows.pop() ?? 0;
        if (cells > 0) out.separator = ' | ';
        rows.push(cells + 1);
      } else if (name === 'img' && attribs.alt?.trim()) out.write(`[${attribs.alt.trim()}]`, links);
      else if (name === 'a') links.push({ href: attribs.href?.trim(), text: '' });
    },
    onCloseTag: (name) => {
      if (hidden > 0) {
        hidden -= 1;
        return;
      }
      if (BLOCK.has(name))
        out.breakLine(PARAGRAPH.has(name) && !isNestedList(name, lists.length - 1) ? 2 : 1);
      if (name === 'pre') out.preformatted = Math.max(out.preformatted - 1, 0);
      else if (name === 'blockquote') out.quoteDepth = Math.max(out.quoteDepth - 1, 0);
      else if (name === 'ol' || name === 'ul') lists.pop();
      else if (name === 'tr') rows.pop();
      else if (name === 'a') {
        const link = links.pop();
        const target = link?.href;
        if (target && /^(?:https?|mailto|tel):/i.test(target) && !sameTarget(link.text, target)) {
          out.write(` <${target}>`, links);
        }
      }
    },
    textFilter: (escaped) => {
      out.write(unescapeHtml(escaped), links);
      return '';
    },
  });
  return out.finish();
}

/** A list inside a list item continues the item: no empty line around it. */
function isNestedList(name: string, enclosingLists: number): boolean {
  return (name === 'ol' || name === 'ul') && enclosingLists > 0;
}

/** A link whose text already is its target needs no target after it. */
function sameTarget(text: string, href: string): boolean {
  const shown = text.trim().toLowerCase();
  const target = href.toLowerCase().replace(/^mailto:/, '');
  return shown === target || shown === target.replace(/\/$/, '');
}

/** sanitize-html hands text to `textFilter` HTML-escaped (`&`, `<`, `>` only). */
function unescapeHtml(escaped: string): string {
  return escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Collects text into lines, collapsing HTML whitespace outside `pre`. */
class TextLayout {
  preformatted = 0;
  quoteDepth = 0;
  /** Written before the next text on a new line (a list bullet). */
  prefix = '';
  /** Written before the next text on the same line (a table cell separator). */
  separator = '';
  readonly #lines: string[] = [];
  #line = '';
  #pendingBreak = 0;
  #pendingSpace = false;

  /** Ends the current line before the next text; `2` leaves an empty line too. */
  breakLine(level: 1 | 2): void {
    if (this.#line !== '' || this.#lines.length > 0) this.#pendingBreak = Math.max(this.#pendingBreak, level);
    this.#pendingSpace = false;
    this.separator = '';
  }

  newLine(): void {
    this.#flushBreak();
    this.#lines.push(this.#line);
    this.#line = '';
    this.#pendingSpace = false;
  }

  write(text: string, links: Array<{ text: string }>): void {
    if (this.preformatted > 0) {
      text.split(/\r?\n/).forEach((piece, index) => {
        if (index > 0) this.newLine();
        if (piece !== '') this.#append(piece, links);
      });
      return;
    }
    const collapsed = text.replace(/\s+/g, ' ');
    if (collapsed.trim() === '') {
      if (this.#line !== '') this.#pendingSpace = true;
      return;
    }
    if (collapsed.startsWith(' ') && this.#line !== '') this.#pendingSpace = true;
    this.#append(collapsed.trim(), links);
    this.#pendingSpace = collapsed.endsWith(' ');
  }

  finish(): string {
    const lines = [...this.#lines, this.#line].map((line) => line.trimEnd());
    return lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  #append(text: string, links: Array<{ text: string }>): void {
    this.#flushBreak();
    let piece = text;
    if (this.#line === '') {
      piece = `${'> '.repeat(Math.min(this.quoteDepth, MAX_MARKED_LEVELS))}${this.prefix}${piece}`;
      this.prefix = '';
    } else if (this.separator !== '') piece = `${this.separator}${piece}`;
    else if (this.#pendingSpace) piece = ` ${piece}`;
    this.separator = '';
    this.#pendingSpace = false;
    this.#line += piece;
    // Only the innermost link: links do not nest in HTML, and adding the text to every open one
    // costs time in proportion to how many a hostile mail leaves open.
    const link = links[links.length - 1];
    if (link !== undefined) link.text += text;
  }

  #flushBreak(): void {
    if (this.#pendingBreak === 0) return;
    if (this.#line !== '') {
      this.#lines.push(this.#line);
      this.#line = '';
    }
    const last = this.#lines[this.#lines.length - 1];
    if (this.#pendingBreak === 2 && last !== undefined && last !== '') this.#lines.push('');
    this.#pendingBreak = 0;
  }
}
