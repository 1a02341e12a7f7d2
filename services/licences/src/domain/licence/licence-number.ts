/**
 * The uniqueness key of a licence number: upper case, without whitespace or dashes of any kind,
 * so "cn-2025 0001", "CN20250001" and "CN–2025–0001" are the same licence.
 */
export function normaliseLicenceNumber(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\p{Pd}]+/gu, '');
}
