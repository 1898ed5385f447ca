/** Namespaced claim names are URLs (`https://example.com/roles`), so they can never shadow a standard claim. */
const NAMESPACED = /^https?:\/\/[^\s/]+\/?\S*$/i;

export interface FilteredClaims {
  claims: Record<string, unknown>;
  /** Names of the claims left out because they are not namespaced. */
  dropped: string[];
}

/** Keeps the namespaced claims the rules pipeline returned and reports the others. */
export function namespacedClaims(claims: Record<string, unknown> | undefined): FilteredClaims {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(claims ?? {})) {
    if (NAMESPACED.test(name) && value !== undefined) kept[name] = value;
    else dropped.push(name);
  }
  return { claims: kept, dropped };
}
