/**
 * JSON with object keys in sorted order, for telling whether two values are the same: the
 * database (jsonb) stores objects with its own key order, so plain JSON.stringify would see a
 * difference where there is none.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}
