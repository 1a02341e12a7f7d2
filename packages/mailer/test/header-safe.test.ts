import { addressProblem, headerSafe } from '../src';

describe('headerSafe', () => {
  it.each([
    ['CR LF', 'Hello\r\nBcc: spy@evil.example', 'Hello Bcc: spy@evil.example'],
    ['a bare LF', 'Hello\nX-Evil: 1', 'Hello X-Evil: 1'],
    ['a bare CR', 'Hello\rX-Evil: 1', 'Hello X-Evil: 1'],
    ['NUL, TAB and other C0 controls', 'a\u0000b\tc\u001bd', 'a b c d'],
    ['DEL and C1 controls (NEL)', 'a\u007fb\u0085c', 'a b c'],
    ['Unicode line and paragraph separators', 'a\u2028b\u2029c', 'a b c'],
    ['bidirectional overrides', 'invoice\u202Efdp.exe', 'invoice fdp.exe'],
  ])('turns %s into spaces', (_, input, expected) => {
    expect(headerSafe(input)).toBe(expected);
  });

  it('collapses white space and trims', () => {
    expect(headerSafe('  New   message \r\n\r\n ')).toBe('New message');
  });

  it('keeps ordinary text, accents and CJK as they are', () => {
    expect(headerSafe('Licence 稀土-2026 — Müller & Søn <Ltd>')).toBe(
      'Licence 稀土-2026 — Müller & Søn <Ltd>',
    );
  });

  it('cuts a very long value far inside the 998-character line limit', () => {
    const cut = headerSafe('x'.repeat(5_000));
    expect(cut.length).toBeLessThanOrEqual(900);
    expect(cut.endsWith('…')).toBe(true);
  });
});

describe('addressProblem', () => {
  it.each(['ana@company.example', 'ana.o+eu@sub.company.example', "o'brien@company.ie", 'ana@müller.de'])(
    'accepts %s',
    (address) => {
      expect(addressProblem(address)).toBeNull();
    },
  );

  it.each([
    ['a CR LF', 'ana@company.example\r\nBcc: spy@evil.example'],
    ['a LF', 'ana@company.example\n'],
    ['a control character', 'ana\u0007@company.example'],
    ['a space', 'ana maria@company.example'],
    ['two addresses', 'ana@company.example,spy@evil.example'],
    ['a display name', 'Ana <ana@company.example>'],
    ['no domain', 'ana@'],
    ['no dot in the domain', 'ana@localhost'],
    ['an empty string', ''],
    ['a quoted local part', '"ana\\"x"@company.example'],
  ])('refuses an address with %s', (_, address) => {
    expect(addressProblem(address)).toEqual(expect.any(String));
  });
});
