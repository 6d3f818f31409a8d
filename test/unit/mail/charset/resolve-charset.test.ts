import { expect, test } from 'vitest';
import { resolveCharset } from '../../../../src/mail/charset/resolve-charset.js';

test.each([
  [undefined, { kind: 'none' }],
  ['  ', { kind: 'none' }],
  ['US-ASCII', { kind: 'ascii' }],
  ['ansi_x3.4-1968', { kind: 'ascii' }],
  ['UTF-8', { kind: 'utf-8' }],
  ['utf8', { kind: 'utf-8' }],
  ['"utf-8"', { kind: 'utf-8' }],
  ['iso-8859-1', { kind: 'windows-1252' }],
  ['latin1', { kind: 'windows-1252' }],
  ['cp1252', { kind: 'windows-1252' }],
  ['ISO-2022-JP', { kind: 'iso-2022-jp' }],
  ['csISO2022JP', { kind: 'iso-2022-jp' }],
  ['ks_c_5601-1987', { kind: 'iconv', encoding: 'ks_c_5601-1987' }],
  ['x-mac-roman', { kind: 'iconv', encoding: 'mac-roman' }],
  ['x-sjis', { kind: 'iconv', encoding: 'x-sjis' }],
  ['utf-7', { kind: 'refused', label: 'utf-7' }],
  ['base64', { kind: 'refused', label: 'base64' }],
  ['x-unknown', { kind: 'unknown', label: 'x-unknown' }],
])('%j', (label, expected) => {
  expect(resolveCharset(label)).toEqual(expected);
});
