import { storedFileName } from '../src/domain/attachments/file-type';
import { contentDisposition } from '../src/entry-points/api/attachments.routes';

/** What a client reads back from `filename*` (RFC 5987: charset''percent-encoded). */
const extendedName = (header: string) => {
  const match = /filename\*=UTF-8''([^;\s]+)$/.exec(header);
  return match && { raw: match[1]!, name: decodeURIComponent(match[1]!) };
};

describe('file names', () => {
  describe('a download’s Content-Disposition', () => {
    it.each([
      "O'Brien (1).pdf",
      'report "final".pdf',
      'star*.pdf',
      'Prüfbericht 2026 – 稀土.pdf',
      'emoji 📄.pdf',
    ])('%s: filename* is RFC 5987 attr-chars only and reads back as the name', (name) => {
      const header = contentDisposition(name);
      const extended = extendedName(header)!;
      expect(extended.raw).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/); // no ' ( ) * " or space
      expect(extended.name).toBe(name);
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; /);
      expect(/filename="([^"]*)"/.exec(header)![1]).not.toMatch(/["\\]/);
    });

    it('never carries CR or LF', () => {
      expect(contentDisposition('a\r\nSet-Cookie: x=1.pdf')).not.toMatch(/[\r\n]/);
    });
  });

  describe('the stored name', () => {
    it('is cut at 200 code points, never inside a character', () => {
      const name = storedFileName(`${'📄'.repeat(250)}.pdf`, 'pdf');
      expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(
        Array.from(name)
          .slice(0, 200)
          .every((c) => c === '📄'),
      ).toBe(true);
      expect(name.endsWith('.pdf')).toBe(true);
    });

    it('has no bidirectional overrides or isolates (a name cannot pose as another type)', () => {
      expect(storedFileName('invoice\u202Efdp.exe', 'pdf')).toBe('invoicefdp.pdf');
      for (const mark of [
        '\u202A',
        '\u202B',
        '\u202C',
        '\u202D',
        '\u2066',
        '\u2067',
        '\u2068',
        '\u2069',
        '\u200F',
      ])
        expect(storedFileName(`scan${mark}.pdf`, 'pdf')).toBe('scan.pdf');
    });

    it('has no control characters', () => {
      expect(storedFileName('re\r\nport\u0000\u0085.pdf', 'pdf')).toBe('report.pdf');
    });

    it('gives a name to a file that is only an extension', () => {
      expect(storedFileName('.pdf', 'pdf')).toBe('file.pdf');
      expect(storedFileName('.png', 'pdf')).toBe('file.pdf');
      expect(storedFileName('', 'png')).toBe('attachment.png');
      expect(storedFileName("O'Brien (1).pdf", 'pdf')).toBe("O'Brien (1).pdf");
    });
  });
});
