/**
 * Auth0's PATCH semantics for `app_metadata` / `user_metadata`: the patch is merged at the first
 * level (a nested object replaces the old value whole), a key set to `null` is removed, and a
 * metadata object set to `null` as a whole clears it.
 */
export function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
