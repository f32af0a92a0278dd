/**
 * Field-level comparison of stored records (plain JSON data). Undo compares whole records so that any
 * change since the fix, whoever made it, blocks it; naming the fields tells the admin what changed.
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
    );
  }
  if (isRecord(a) && isRecord(b)) return changedFields(a, b).length === 0;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The top-level fields whose values differ, in a stable order. A field set to undefined counts as
 * absent, as it would after a round trip through storage.
 */
export function changedFields(expected: object, actual: object): string[] {
  const left = expected as Record<string, unknown>;
  const right = actual as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => !deepEqual(left[key], right[key])).sort();
}
