import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { terminalText } from '../../../src/cli/terminal-text.js';

const ESC = '\x1b';
/** Anything a terminal could act on, once the text went through {@link terminalText}. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what the output must lack
const ACTIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminalText', () => {
  test.each([
    ['clearing the screen', `${ESC}[2JInvoice`, 'Invoice'],
    ['recolouring', `${ESC}[1;31mred${ESC}[0m text`, 'red text'],
    ['a private-mode CSI', `${ESC}[?1049hhidden`, 'hidden'],
    ['retitling the window (BEL)', `${ESC}]0;pwned\x07Subject`, 'Subject'],
    [
      'an OSC 8 hyperlink, ST-terminated: only its visible text stays',
      `${ESC}]8;;https://evil.example/x${ESC}\\Your bank${ESC}]8;;${ESC}\\ statement`,
      'Your bank statement',
    ],
    ['an unterminated OSC swallows the rest, as the terminal would', `ok ${ESC}]0;title`, 'ok '],
    ['a DCS string', `a${ESC}Pq#0;2;0;0;0${ESC}\\b`, 'ab'],
    ['a reset (ESC c)', `${ESC}cafter`, 'after'],
    ['a charset switch (ESC ( 0)', `${ESC}(0lqqk`, 'lqqk'],
    ['a lone ESC at the end', `end${ESC}`, 'end'],
    ['an 8-bit CSI: the introducer goes, the rest is plain text', '\x9b2Jx', '2Jx'],
    ['a bell and a backspace', 'a\x07b\x08c', 'abc'],
    ['a carriage return that would overwrite the line', 'real\rfake', 'realfake'],
    ['DEL', 'a\x7fb', 'ab'],
    ['a right-to-left override (Trojan Source)', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bidi isolates and marks', '\u2066a\u2069\u200Fb\u061C', 'ab'],
    ['accents, CJK and emoji stay', 'Problème 請求書 🧾', 'Problème 請求書 🧾'],
  ])('removes %s', (_name, input, expected) => {
    expect(terminalText(input, 'single-line')).toBe(expected);
    expect(terminalText(input, 'multi-line')).toBe(expected);
  });

  test('single-line turns line feeds and tabs into spaces, so a field cannot forge a listing line', () => {
    expect(terminalText('Hello\r\n01HFAKE  2026-01-01  support\tx', 'single-line')).toBe(
      'Hello 01HFAKE  2026-01-01  support x',
    );
  });

  test('multi-line keeps line feeds and tabs, drops carriage returns', () => {
    expect(terminalText('{\r\n\t"a": 1\n}', 'multi-line')).toBe('{\n\t"a": 1\n}');
  });

  test('for any text, nothing active is left, and single-line output is one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const single = terminalText(text, 'single-line');
        expect(single).not.toMatch(ACTIVE);
        expect(single).not.toMatch(/[\n\t]/);
        expect(terminalText(text, 'multi-line')).not.toMatch(ACTIVE);
      }),
    );
  });

  test('text with nothing active in it is returned unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((text) => !ACTIVE.test(text) && !/[\n\t]/.test(text)),
        (text) => {
          expect(terminalText(text, 'single-line')).toBe(text);
        },
      ),
    );
  });
});
