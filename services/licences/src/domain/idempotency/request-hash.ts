import { createHash } from 'node:crypto';

/**
 * JSON with every object's keys sorted, at every depth, and no whitespace: two bodies that differ
 * only in key order or spacing have one canonical form. Members whose value is undefined are left
 * out, as JSON.stringify leaves them out.
 *
 * Only for validated input: the schema bounds its depth, so the recursion is bounded too (a
 * client's raw body is never hashed: 5,000 nested arrays would have been a 500).
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function')
    return canonicalJson(value.toJSON());
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${members.join(',')}}`;
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cannot hash a ${typeof value}`);
  return json;
}

/**
 * What an Idempotency-Key is bound to: the operation and its validated input. Naming the
 * operation means a key used for a registration and then for an import is a reused key.
 */
export function requestHash(operation: string, validatedInput: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ operation, input: validatedInput }))
    .digest('hex');
}

/** The bytes of an uploaded file as they go into a request hash. */
export function fileDigest(file: Buffer): string {
  return createHash('sha256').update(file).digest('hex');
}
