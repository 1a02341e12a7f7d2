import { AppError } from '@lmp/errors';

/**
 * Deeper than this, a JSON body is refused before it is parsed: no API body nests beyond a few
 * levels, and code that walks a parsed value (validation, hashing, logging) recurses.
 */
export const DEFAULT_JSON_MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether the raw JSON text nests arrays and objects deeper than `maxDepth`, read in one pass
 * without recursion (so 100,000 levels cost a loop, not a stack). Brackets inside strings do not
 * count. UTF-8 bytes are read as they are: no byte of a multi-byte sequence is ASCII. Malformed
 * JSON is left to the parser.
 */
export function jsonNestsDeeperThan(body: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

export function assertJsonDepth(body: Uint8Array, maxDepth = DEFAULT_JSON_MAX_DEPTH): void {
  if (jsonNestsDeeperThan(body, maxDepth)) {
    throw new AppError(
      'HTTP.JSON_TOO_DEEP',
      `The request body nests arrays or objects more than ${maxDepth} levels deep`,
    );
  }
}

/** The `charset` parameter of a Content-Type header, lower case, unquoted; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const equals = parameter.indexOf('=');
    if (equals < 0 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    return parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return undefined;
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1): a body declared in any other charset is 415, the same at the
 * gateway and in every service, rather than decoded by some and refused by others.
 */
export function assertUtf8Json(contentType: string | undefined): void {
  const charset = charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(
      'HTTP.UNSUPPORTED_MEDIA_TYPE',
      `Send JSON as UTF-8 (charset=utf-8 or no charset), not ${charset || 'an empty charset'}`,
    );
  }
}
