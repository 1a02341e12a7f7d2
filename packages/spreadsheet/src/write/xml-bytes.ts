/**
 * XML written as bytes into a Buffer the caller has made room in, returning the position after
 * it: what the worksheet encoder (xlsx-cells) is made of.
 */

const HEX = '0123456789ABCDEF';
const PRESERVE = ' xml:space="preserve"';

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const isXmlSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** ASCII markup into `buf` at `pos`; the position after it. */
export function ascii(buf: Buffer, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/**
 * Text as UTF-8 into `buf` at `pos`, escaped for XML 1.0; the position after it. The specials
 * as entities; CR as a character reference (a parser reads a bare CR as LF); the control
 * characters XML cannot hold even as references, and U+FFFE/U+FFFF, as Excel writes them,
 * `_xHHHH_` (ST_Xstring), which Excel and LibreOffice read back as the character; the `_` of a
 * literal `_x0041_` as `_x005F_`, so it is not read as "A"; a lone surrogate as U+FFFD (UTF-8
 * cannot hold it). Leading, trailing or line-break whitespace gets `xml:space="preserve"` on the
 * `<t>` just before `pos` (Excel writes it so).
 */
export function xmlText(buf: Buffer, pos: number, text: string): number {
  const start = pos;
  let preserve = isXmlSpace(text.charCodeAt(0)) || isXmlSpace(text.charCodeAt(text.length - 1));
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const plain =
        c >= 0x3f
          ? c !== 0x5f || !isEscapeAt(text, i)
          : c >= 0x20 && c !== 0x26 && c !== 0x3c && c !== 0x3e && c !== 0x22;
      if (plain) buf[pos++] = c;
      else if (c === 0x26) pos = ascii(buf, pos, '&amp;');
      else if (c === 0x3c) pos = ascii(buf, pos, '&lt;');
      else if (c === 0x3e) pos = ascii(buf, pos, '&gt;');
      else if (c === 0x22) pos = ascii(buf, pos, '&quot;');
      else if (c === 0x5f) pos = ascii(buf, pos, '_x005F_');
      else if (c === 0x09 || c === 0x0a) {
        buf[pos++] = c;
        preserve = true;
      } else if (c === 0x0d) {
        pos = ascii(buf, pos, '&#13;');
        preserve = true;
      } else pos = ascii(buf, pos, `_x00${HEX[c >> 4]}${HEX[c & 15]}_`);
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const p = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        buf[pos++] = 0xf0 | (p >> 18);
        buf[pos++] = 0x80 | ((p >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((p >> 6) & 0x3f);
        buf[pos++] = 0x80 | (p & 0x3f);
        i++;
      } else {
        buf[pos++] = 0xef; // U+FFFD
        buf[pos++] = 0xbf;
        buf[pos++] = 0xbd;
      }
    } else if (c >= 0xfffe) {
      pos = ascii(buf, pos, c === 0xfffe ? '_xFFFE_' : '_xFFFF_');
    } else {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  if (!preserve) return pos;
  // `<t>` is right before the text: make it `<t xml:space="preserve">` (the room was counted).
  buf.copyWithin(start + PRESERVE.length, start, pos);
  ascii(buf, start - 1, `${PRESERVE}>`);
  return pos + PRESERVE.length;
}

/** Whether `_` at i starts what Excel reads as an escape: `_x` (either case), four hex digits, `_`. */
function isEscapeAt(text: string, i: number): boolean {
  return (
    (text.charCodeAt(i + 1) | 0x20) === 0x78 &&
    isHex(text.charCodeAt(i + 2)) &&
    isHex(text.charCodeAt(i + 3)) &&
    isHex(text.charCodeAt(i + 4)) &&
    isHex(text.charCodeAt(i + 5)) &&
    text.charCodeAt(i + 6) === 0x5f
  );
}
