import sanitize from 'sanitize-html';
import { filterInlineStyle, SAFE_STYLE_PROPERTIES } from './filter-inline-style.js';

/** Elements an agent needs to read a mail as it was written: text structure, lists, tables, images. */
const ALLOWED_TAGS = (
  'a abbr address b bdi bdo big blockquote br caption center cite code col colgroup dd del dfn ' +
  'div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s ' +
  'samp small span strike strong sub sup table tbody td tfoot th thead tr tt u ul var wbr'
).split(' ');

// No class or id: mail markup must not pick up (or target) the helpdesk page's own styles.
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['align', 'valign', 'dir', 'lang', 'title', 'style', 'width', 'height', 'bgcolor'],
  a: ['href', 'rel', 'target'],
  img: ['src', 'alt'],
  font: ['color', 'face', 'size'],
  table: ['border', 'cellpadding', 'cellspacing'],
  td: ['colspan', 'rowspan', 'nowrap'],
  th: ['colspan', 'rowspan', 'nowrap', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'type'],
  ul: ['type'],
  li: ['value'],
};

/**
 * A second line behind {@link filterInlineStyle}, checked by sanitize-html on the declarations it
 * parses: plain tokens and rgb() colours only. No other parenthesis means no url(), image-set() or
 * expression(), so no remote resource and no script; no backslash means no CSS escape can spell one.
 */
const SAFE_STYLE_VALUE = /^(?:[-\w\s#%.,'"!/+]|rgba?\([\d\s.,%/]*\))*$/i;

/** Inline images that load nothing: parts of the mail itself (cid:) and raster data: URLs. */
const LOCAL_IMAGE_SOURCE = /^(?:cid:\S+|data:image\/(?:png|gif|jpe?g|webp|bmp);base64,[a-z0-9+/=\s]*)$/i;

const LINK_SCHEMES = ['http', 'https', 'mailto', 'tel'];

const OPTIONS: sanitize.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedStyles: { '*': Object.fromEntries(SAFE_STYLE_PROPERTIES.map((name) => [name, [SAFE_STYLE_VALUE]])) },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content that is never shown as text in a mail (the title, fallbacks for plugins and scripts).
  nonTextTags: 'script style textarea option xmp title noscript noembed noframes iframe template'.split(' '),
  nestingLimit: 100,
  transformTags: {
    a: (_tagName, { href, rel: _rel, target: _target, ...rest }) => {
      const attribs: sanitize.Attributes = { ...rest, rel: 'noopener noreferrer nofollow', target: '_blank' };
      if (href !== undefined && hasLinkScheme(href)) attribs.href = href.trim();
      return { tagName: 'a', attribs };
    },
    '*': (tagName, { style, ...rest }) => {
      const filtered = style === undefined ? '' : filterInlineStyle(style);
      return { tagName, attribs: filtered === '' ? rest : { ...rest, style: filtered } };
    },
    img: (_tagName, attribs) => {
      const src = (attribs.src ?? '').trim();
      if (LOCAL_IMAGE_SOURCE.test(src)) return { tagName: 'img', attribs: { ...attribs, src } };
      // A remote image is not loaded: its alt text stands in for it. One without alt text (a
      // tracking pixel, a spacer) leaves an empty span, removed in sanitizeHtml.
      const alt = (attribs.alt ?? '').trim();
      return { tagName: 'span', attribs: {}, text: alt === '' ? '' : `[${alt}]` };
    },
  },
};

/**
 * Makes the HTML of a mail safe to show inside the helpdesk: no script, style, iframe, object,
 * embed or form elements, no event handler attributes, no `javascript:` or other non-web links,
 * no remote resources (a remote image is replaced by its alt text, tracking pixels vanish; `cid:`
 * and `data:image/*` images stay), links open in a new tab with `rel="noopener noreferrer
 * nofollow"`, inline styles only from a list of harmless properties and bounded values (see
 * {@link filterInlineStyle}): nothing can hide, overlay or shrink what the mail says. Formatting
 * and tables stay.
 */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS)
    .replace(/<span><\/span>/g, '')
    .trim();
}

/**
 * True for an absolute http(s), mailto or tel URL. Checked on the URL with the characters browsers
 * ignore (controls, whitespace) removed, so `jav&#x09;ascript:` cannot pass for something else;
 * relative links are dropped too, as they would point into the helpdesk itself.
 */
function hasLinkScheme(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these characters in a URL
  const probe = href.replace(/[\x00-\x20\x7f]/g, '').toLowerCase();
  return LINK_SCHEMES.some((scheme) => probe.startsWith(`${scheme}:`));
}
