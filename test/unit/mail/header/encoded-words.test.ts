import { describe, expect, test } from 'vitest';
import { decodeEncodedWords, encodedWordsToUtf8 } from '../../../../src/mail/header/encoded-words.js';

describe('decodeEncodedWords', () => {
  test.each([
    ['=?UTF-8?B?R3LDvMOfZQ==?=', 'Grüße'],
    ['=?utf-8?Q?Probl=C3=A8me_avec?= ma commande', 'Problème avec ma commande'],
    ['=?ISO-8859-1?Q?Ren=E9e?= Fontaine', 'Renée Fontaine'],
    ['Re: =?utf-8?q?caf=C3=A9?=', 'Re: café'],
    ['=?UTF-8?B?UHJpeCBlbiDigg==?=\t =?UTF-8?B?rCBpbmNvcnJlY3Q=?=', 'Prix en € incorrect'],
    ['=?utf-8?q?a?= =?iso-8859-1?q?=E9?=', 'aé'],
    ['=?utf-8*fr?Q?=C3=A9t=C3=A9?=', 'été'],
    ['=?UTF-8?B?R3LDvMOfZQ?=', 'Grüße'],
    ['=?utf-8?Q?a?= b =?utf-8?Q?c?=', 'a b c'],
    ['no encoded words: =? ?= =?x?', 'no encoded words: =? ?= =?x?'],
    ['=?utf-8?Q?broken=ZZescape?=', 'broken=ZZescape'],
    ['=?ks_c_5601-1987?B?uei828DHIMHWua4=?=', '배송의 주문'],
  ])('%s', (value, expected) => {
    expect(decodeEncodedWords(value)).toEqual({ text: expected, problem: undefined });
  });

  test('an unknown charset falls back and says so', () => {
    expect(decodeEncodedWords('=?x-unknown?Q?Ren=E9e?=')).toEqual({
      text: 'Renée',
      problem: 'encoded word: unknown charset "x-unknown" and not valid UTF-8: decoded as windows-1252',
    });
  });

  test('UTF-8 declared, Latin-1 sent', () => {
    expect(decodeEncodedWords('=?utf-8?Q?Ren=E9e?=').text).toBe('Renée');
  });
});

describe('encodedWordsToUtf8', () => {
  test('rewrites each run of words as one UTF-8 B word and leaves the rest alone', () => {
    expect(encodedWordsToUtf8('=?ISO-8859-1?Q?Ren=E9e?= =?ISO-8859-1?Q?_F?= <renee@example.fr>')).toBe(
      `=?UTF-8?B?${Buffer.from('Renée F').toString('base64')}?= <renee@example.fr>`,
    );
    expect(encodedWordsToUtf8('"Plain, Name" <a@b.c>')).toBe('"Plain, Name" <a@b.c>');
  });
});
