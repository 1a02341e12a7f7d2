/** A page's URL with a query string (empty values dropped), e.g. a filtered list or a sort link. */
export function hrefWith(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** Only the listed keys of the query string, non-empty ones. */
export function pick<K extends string>(
  query: Record<string, string | undefined>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = query[key]?.trim();
    if (value) picked[key] = value;
  }
  return picked;
}
