import { LICENCE_NUMBER_KEY, normaliseLicenceNumber, ZLicenceNumber } from '../src';

describe('normaliseLicenceNumber', () => {
  describe('gives the key of CN-2025-X to every spelling of it', () => {
    const spellings: [string, string][] = [
      ['as typed', 'CN-2025-X'],
      ['lower case', 'cn-2025-x'],
      ['without separators', 'CN2025X'],
      ['with spaces', 'CN 2025 X'],
      ['with dots', 'CN.2025.X'],
      ['with slashes', 'CN/2025/X'],
      ['with back slashes', 'CN\\2025\\X'],
      ['with underscores', 'CN_2025_X'],
      ['with an en-dash', 'CN\u20132025\u2013X'],
      ['with an em-dash', 'CN\u20142025\u2014X'],
      ['with a minus sign', 'CN\u22122025\u2212X'],
      ['with non-breaking hyphens', 'CN\u20112025\u2011X'],
      ['with no-break spaces', 'CN\u00A02025\u00A0X'],
      ['with narrow no-break and ideographic spaces', 'CN\u202F2025\u3000X'],
      ['with a soft hyphen', 'CN\u00AD2025X'],
      ['with a zero-width space', 'CN\u200B2025\u200BX'],
      ['with a zero-width joiner and a BOM', '\uFEFFCN\u200D2025X'],
      ['with a word joiner and a left-to-right mark', 'CN\u20602025\u200EX'],
      ['with Hangul fillers', 'CN\u31642025\uFFA0X\u115F\u1160'],
      ['with middle dots and a katakana middle dot', 'CN\u00B72025\u30FBX'],
      ['with a hyphenation point', 'CN\u20272025\u2027X'],
      ['with a fraction slash and a division slash', 'CN\u20442025\u2215X'],
      ['with a double low line', 'CN\u20172025\u2017X'],
      ['in fullwidth letters and digits', '\uFF23\uFF2E\uFF0D\uFF12\uFF10\uFF12\uFF15\uFF0D\uFF38'],
      ['with fullwidth dots, slashes and underscores', 'CN\uFF0E2025\uFF0FX\uFF3F'],
      ['with a Cyrillic С and Х', '\u0421N-2025-\u0425'],
      ['with lower-case Cyrillic с and х', '\u0441n-2025-\u0445'],
      ['with a Greek Ν and Χ', 'C\u039D-2025-\u03A7'],
      ['with lower-case Greek ν and χ', 'c\u03BD-2025-\u03C7'],
      ['in Arabic-Indic digits', 'CN-\u0662\u0660\u0662\u0665-X'],
      ['in Extended Arabic-Indic digits', 'CN-\u06F2\u06F0\u06F2\u06F5-X'],
      ['in Devanagari digits', 'CN-\u0968\u0966\u0968\u096B-X'],
      ['in Bengali and Thai digits', 'CN-\u09E8\u09E6\u0E52\u0E55-X'],
      ['in mathematical bold digits', 'CN-\u{1D7D0}\u{1D7CE}\u{1D7D0}\u{1D7D3}-X'],
      ['with surrounding spaces and tabs', '  CN-2025-X\t'],
    ];

    it.each(spellings)('%s: %s', (_name, spelling) => {
      expect(normaliseLicenceNumber(spelling)).toBe('CN2025X');
    });
  });

  describe('keeps different numbers different', () => {
    const pairs: [string, string, string][] = [
      ['two serial numbers', 'CN-2025-1', 'CN-2025-2'],
      ['Latin O and digit 0', 'CN-2025-O', 'CN-2025-0'],
      ['Latin I and digit 1', 'CN-2025-I', 'CN-2025-1'],
      ['Latin l and digit 1', 'CN-2025-l', 'CN-2025-1'],
      ['Latin B and digit 8', 'CN-2025-B', 'CN-2025-8'],
      ['Latin S and digit 5', 'CN-2025-S', 'CN-2025-5'],
      ['a Cyrillic О and digit 0', 'CN-2025-\u041E', 'CN-2025-0'],
      ['Arabic-Indic 5 and 0', 'CN-2025-\u0665', 'CN-2025-0'],
      ['digits in another order', 'CN-2025-12', 'CN-2025-21'],
    ];

    it.each(pairs)('%s: %s and %s', (_name, a, b) => {
      expect(normaliseLicenceNumber(a)).not.toBe(normaliseLicenceNumber(b));
    });
  });

  it('folds every digit of every script to its value', () => {
    const zeros = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0be6, 0x0e50, 0x1040, 0xff10, 0x1d7ce];
    for (const zero of zeros) {
      const digits = Array.from({ length: 10 }, (_, i) => String.fromCodePoint(zero + i)).join('');
      expect(normaliseLicenceNumber(digits)).toBe('0123456789');
    }
  });

  it('is stable: a key is its own key', () => {
    for (const typed of ['cn.2025/\u0425', 'C\u039D\u20132025', 'CN-\u0968\u0966']) {
      const key = normaliseLicenceNumber(typed);
      expect(normaliseLicenceNumber(key)).toBe(key);
      expect(key).toMatch(LICENCE_NUMBER_KEY);
    }
  });

  it('leaves what it cannot fold, so the schema can refuse it', () => {
    expect(normaliseLicenceNumber('CN-2025-\u0416')).toBe('CN2025\u0416');
    expect(normaliseLicenceNumber('CN#2025')).toBe('CN#2025');
  });
});

describe('ZLicenceNumber', () => {
  it.each([
    ['an en-dash', 'CN\u20132025\u20130001'],
    ['a no-break space', 'CN\u00A02025-0001'],
    ['a soft hyphen', 'CN-2025\u00AD-0001'],
    ['a zero-width space', 'CN-2025-\u200B0001'],
    ['dots, slashes and underscores', 'CN.2025/00_01'],
    ['Devanagari digits', 'CN-\u0968\u0966\u0968\u096B'],
  ])('accepts a number pasted with %s, keeping it as typed', (_name, typed) => {
    expect(ZLicenceNumber.parse(`  ${typed} `)).toBe(typed);
  });

  it.each([
    ['fewer than 3 letters or digits', 'C-1', /at least 3 letters or digits/],
    ['only separators and fillers', '-./_\u200B\u3164', /at least 3 letters or digits/],
    ['a character that is not allowed', 'CN#2025', /not allowed: "#" \(U\+0023\)/],
    ['a letter with no Latin twin', 'CN-2025-\u0416', /not allowed: "Ж" \(U\+0416\)/],
    ['an accented letter', 'CN-2025-\u00C9', /not allowed: "É" \(U\+00C9\)/],
    ['a control character', 'CN-2025\u0007X', /control characters/],
    ['a lone surrogate', 'CN-2025-\uD800', /lone surrogate/],
    ['more than 64 characters', `CN-${'1'.repeat(62)}`, /at most 64/],
  ])('refuses %s', (_name, typed, message) => {
    const result = ZLicenceNumber.safeParse(typed);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual([expect.stringMatching(message)]);
  });
});

describe('ZLicenceNumber at its edges', () => {
  it.each([
    ['-CN-2026-1', 'CN-2026-1'],
    ['\u200BCN-2026-1\u200B', 'CN-2026-1'],
    ['－CN/2026/1.', 'CN/2026/1'],
    ['  _CN 2026 1_ ', 'CN 2026 1'],
  ])(
    'keeps %j as %j: nothing a file would have to alter to keep it from running as a formula',
    (typed, kept) => {
      expect(ZLicenceNumber.parse(typed)).toBe(kept);
    },
  );
});
