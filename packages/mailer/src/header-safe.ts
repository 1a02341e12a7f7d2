// Every header value built from data goes through here, so a name, subject or address can never
// end a header line and start another (a `\r\nBcc: …` in a company name stays text).

// C0 controls (CR, LF, TAB, NUL…), DEL, C1 controls (NEL U+0085 among them), the Unicode line and
// paragraph separators, and the bidirectional overrides and isolates that can make a subject read
// differently from what it says.
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
const UNSAFE_ALL = new RegExp(UNSAFE_CLASS, 'gu');
const UNSAFE_ANY = new RegExp(UNSAFE_CLASS, 'u');

/** RFC 5322 §2.1.1: a line is at most 998 characters; a value stays well inside it before folding. */
export const MAX_HEADER_TEXT = 900;

/**
 * Text fit for an unstructured header value or a display name: control characters (CR and LF
 * first) become spaces, runs of white space collapse to one, the ends are trimmed and the whole
 * is cut to MAX_HEADER_TEXT characters. nodemailer then encodes non-ASCII (RFC 2047), quotes
 * display names and folds long lines.
 */
export function headerSafe(text: string): string {
  const flat = text.replace(UNSAFE_ALL, ' ').replace(/\s+/gu, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= MAX_HEADER_TEXT ? flat : `${chars.slice(0, MAX_HEADER_TEXT - 1).join('')}…`;
}

// An addr-spec of the dot-atom form (RFC 5322 §3.4.1) with an ASCII local part and a domain of
// letter-digit-hyphen labels (Unicode letters allowed: nodemailer sends IDNs as punycode). No
// quoted local parts, comments, brackets, spaces or controls: nothing that could be read as a
// second address or a new header.
const LOCAL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const ADDRESS = new RegExp(`^${LOCAL}@${LABEL}(?:\\.${LABEL})+$`, 'u');

/** Why `address` cannot be a recipient, or null when it can. Never repaired: a wrong address is refused. */
export function addressProblem(address: string): string | null {
  if (UNSAFE_ANY.test(address)) {
    return 'the address contains control characters (CR, LF…)';
  }
  if (address.length > 254) return 'the address is longer than 254 characters';
  const at = address.lastIndexOf('@');
  if (at > 64) return 'the local part of the address is longer than 64 characters';
  if (!ADDRESS.test(address)) return 'not a plain e-mail address (local@domain)';
  return null;
}
