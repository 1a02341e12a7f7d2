/**
 * The uniqueness key of a licence number, the same for every service (registration, import,
 * MOFCOM feedback, claims): two spellings of one number must give one key, so that a number
 * pasted from a document, typed with dots or slashes, or with a look-alike letter from another
 * script is recognised as the licence already registered.
 *
 * Bump LICENCE_NUMBER_KEY_VERSION whenever the rule changes: stored keys carry the version they
 * were computed with, and the licences service re-keys older rows when it starts.
 */
export const LICENCE_NUMBER_KEY_VERSION = 2;

/**
 * Separators people put in a number (every dash, space, dot, slash and underscore kind) and
 * characters nobody sees (format characters such as the soft hyphen, zero-width space and BOM;
 * default-ignorable ones such as the Hangul fillers U+3164, U+FFA0, U+115F and U+1160).
 */
const REMOVED = new RegExp(
  [
    '[',
    '\\s\\p{Z}', // spaces, no-break spaces, line and paragraph separators
    '\\p{Pd}\\u2212\\u2043\\u02D7\\u2796\\uFE63', // dashes, minus signs, hyphen bullet
    '\\p{Pc}\\u2017', // underscores (connector punctuation) and the double low line
    '.\\u00B7\\u0387\\u2022\\u2024\\u2027\\u2219\\u22C5\\u2E31\\u30FB\\uFF65\\u3002\\uFF61\\uFE52\\u16EB', // dots
    '/\\\\\\u2044\\u2215\\u2216\\u2571\\u2572\\u27CB\\u27CD\\u29F5\\u29F8\\u29F9\\uFE68\\uFF0F\\uFF3C', // slashes
    '\\p{Cf}\\p{Default_Ignorable_Code_Point}',
    ']',
  ].join(''),
  'gu',
);

/**
 * Upper-case letters of other scripts that look like a Latin capital, folded to it. Lower case is
 * upper-cased first, so it needs no entries. Only cross-script twins: Latin O and digit 0, or
 * Latin I and digit 1, stay different (CN-2025-O and CN-2025-0 are two licences).
 */
const LOOK_ALIKES = new Map(
  [
    // Cyrillic
    'АA ВB ЕE ЅS ІI ЈJ КK МM НH ОO РP СC ТT УY ХX ҮY ҺH ӀI ԚQ ԜW',
    // Greek
    'ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC ͿJ',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [pair[0]!, pair[1]!] as const),
);

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit of any script. Unicode encodes each script's digits as one run
 * 0…9 (a stability guarantee), and runs may follow each other (the mathematical digits), so the
 * value is the distance from the run's start, modulo 10.
 */
function digitValue(codePoint: number): string {
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return String((codePoint - start) % 10);
}

export function normaliseLicenceNumber(value: string): string {
  // Removed before NFKC too: some separators decompose to a space and a combining mark (U+2017).
  const compatible = value.replace(REMOVED, '').normalize('NFKC').replace(REMOVED, '').toUpperCase();
  let key = '';
  for (const char of compatible) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint > 0x7f && DECIMAL_DIGIT.test(char)) key += digitValue(codePoint);
    else key += LOOK_ALIKES.get(char) ?? char;
  }
  return key;
}

/** What a key may contain: anything else in a number is refused (see `ZLicenceNumber`). */
export const LICENCE_NUMBER_KEY = /^[A-Z0-9]*$/;
