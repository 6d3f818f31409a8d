/** A check of one CSS value, already trimmed and lower-cased. */
type ValueCheck = (value: string) => boolean;

/** A number with an optional unit, e.g. `11pt`, `.5em`, `120%`, `0`. */
const LENGTH = /^(\d+(?:\.\d+)?|\.\d+)(px|pt|em|rem|%)?$/;

/**
 * Upper bounds per unit of a length; the lower bound is the caller's. A unitless number is
 * allowed only as `0`, except where the property says otherwise.
 */
type Bounds = Partial<Record<'px' | 'pt' | 'em' | 'rem' | '%', readonly [number, number]>>;

function length(bounds: Bounds, options: { zero?: boolean } = {}): ValueCheck {
  return (value) => {
    const match = LENGTH.exec(value);
    if (match === null) return false;
    const amount = Number(match[1]);
    const unit = match[2] as keyof Bounds | undefined;
    if (unit === undefined) return options.zero === true && amount === 0;
    const range = bounds[unit];
    return range !== undefined && amount >= range[0] && amount <= range[1];
  };
}

function keywords(list: string): ValueCheck {
  const allowed = new Set(list.split(' '));
  return (value) => allowed.has(value);
}

function either(...checks: ValueCheck[]): ValueCheck {
  return (value) => checks.some((check) => check(value));
}

/** 1 to `max` space-separated tokens, each passing `check` (the margin and border shorthands). */
function tokens(check: ValueCheck, max: number): ValueCheck {
  return (value) => {
    const parts = value.split(/\s+/);
    return parts.length <= max && parts.every(check);
  };
}

/**
 * An opaque colour: `#rgb`, `#rrggbb`, `rgb()` without alpha, or a colour name. `transparent`
 * and alpha channels are refused: they hide text as surely as `display:none`.
 */
const colour: ValueCheck = (value) =>
  /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/.test(value) ||
  /^rgb\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*\)$/.test(value) ||
  (/^[a-z]{3,20}$/.test(value) && value !== 'transparent');

/** Non-negative spacing no larger than a generous paragraph gap: nothing pushed off screen or overlaid. */
const spacing = length({ px: [0, 50], pt: [0, 40], em: [0, 4], rem: [0, 4], '%': [0, 10] }, { zero: true });
const borderWidth = either(
  keywords('thin medium thick'),
  length({ px: [0, 10], pt: [0, 8] }, { zero: true }),
);
const borderStyle = keywords('none hidden solid dashed dotted double groove ridge inset outset');
const border = tokens(either(borderWidth, borderStyle, colour), 3);
const size = either(
  keywords('auto'),
  length({ px: [1, 2000], pt: [1, 1500], em: [0.1, 100], rem: [0.1, 100], '%': [1, 100] }, { zero: true }),
);

/**
 * Inline style properties kept, each with the values it may take. Nothing that positions, hides,
 * overlays or loads anything: no position, display, visibility, z-index, opacity, transform, clip,
 * filter, background-image or `font` shorthand, and no negative or huge margins, no text so small
 * it cannot be read.
 */
const SAFE_PROPERTIES: Readonly<Record<string, ValueCheck>> = {
  color: colour,
  'background-color': colour,
  'font-family': (value) => /^[\w\s"',-]{1,200}$/.test(value),
  'font-size': either(
    keywords('xx-small x-small small medium large x-large xx-large smaller larger'),
    length({ px: [6, 72], pt: [5, 54], em: [0.5, 5], rem: [0.5, 5], '%': [50, 500] }),
  ),
  'font-style': keywords('normal italic oblique'),
  'font-weight': keywords('normal bold bolder lighter 100 200 300 400 500 600 700 800 900'),
  'font-variant': keywords('normal small-caps'),
  'text-align': keywords('left right center justify start end'),
  'text-decoration': tokens(keywords('none underline overline line-through'), 3),
  'text-indent': spacing,
  'text-transform': keywords('none uppercase lowercase capitalize'),
  'line-height': either(
    keywords('normal'),
    (value) => /^\d+(?:\.\d+)?$/.test(value) && Number(value) >= 0.8 && Number(value) <= 3,
    length({ px: [8, 100], pt: [6, 75], em: [0.8, 3], rem: [0.8, 3], '%': [80, 300] }),
  ),
  'letter-spacing': either(
    keywords('normal'),
    length({ px: [0, 10], pt: [0, 8], em: [0, 1] }, { zero: true }),
  ),
  'word-spacing': either(
    keywords('normal'),
    length({ px: [0, 20], pt: [0, 15], em: [0, 2] }, { zero: true }),
  ),
  'white-space': keywords('normal nowrap pre pre-wrap pre-line'),
  'vertical-align': keywords('baseline sub super top middle bottom text-top text-bottom'),
  direction: keywords('ltr rtl'),
  'word-wrap': keywords('normal break-word anywhere'),
  'overflow-wrap': keywords('normal break-word anywhere'),
  'word-break': keywords('normal break-all keep-all break-word'),
  margin: tokens(either(spacing, keywords('auto')), 4),
  'margin-top': spacing,
  'margin-right': either(spacing, keywords('auto')),
  'margin-bottom': spacing,
  'margin-left': either(spacing, keywords('auto')),
  padding: tokens(spacing, 4),
  'padding-top': spacing,
  'padding-right': spacing,
  'padding-bottom': spacing,
  'padding-left': spacing,
  border,
  'border-top': border,
  'border-right': border,
  'border-bottom': border,
  'border-left': border,
  'border-color': tokens(colour, 4),
  'border-style': tokens(borderStyle, 4),
  'border-width': tokens(borderWidth, 4),
  'border-collapse': keywords('collapse separate'),
  'border-spacing': tokens(length({ px: [0, 20] }, { zero: true }), 2),
  'border-radius': tokens(length({ px: [0, 50], '%': [0, 50] }, { zero: true }), 4),
  width: size,
  'max-width': size,
  'min-width': size,
  height: size,
  'list-style-type': keywords(
    'none disc circle square decimal lower-alpha upper-alpha lower-roman upper-roman lower-latin upper-latin',
  ),
};

/** The property names {@link filterInlineStyle} can keep. */
export const SAFE_STYLE_PROPERTIES: readonly string[] = Object.keys(SAFE_PROPERTIES);

/**
 * Keeps the declarations of an inline `style` attribute whose property is harmless and whose value
 * is within that property's bounds, and drops the rest; `!important` is dropped too, so the
 * helpdesk's own styles still win. Declarations with a CSS escape, a comment or any function other
 * than `rgb()` are dropped whole: none can spell `url()` or `expression()`. Returns `prop:value`
 * pairs joined by `;`, or an empty string.
 */
export function filterInlineStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const raw = declaration
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim();
    if (/[\\<>]|\/\*|\*\//.test(raw)) continue;
    const check = SAFE_PROPERTIES[property];
    // Keys of the table only: `constructor` or `__proto__` must not reach a prototype's function.
    if (check === undefined || !Object.hasOwn(SAFE_PROPERTIES, property)) continue;
    if (check(raw.toLowerCase())) kept.push(`${property}:${raw}`);
  }
  return kept.join(';');
}
