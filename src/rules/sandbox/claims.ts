import type { SandboxLog } from './sandbox.types';

/** Custom claims must be namespaced with an http(s) URL, e.g. `https://example.com/roles`. */
export function isNamespacedClaim(name: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(name);
}

/**
 * Removes non-namespaced claims a definition put on `context.idToken` / `context.accessToken`
 * (`scope` excepted), with a warning naming the definition, so later definitions and the tokens
 * never see them.
 */
export function dropNonNamespacedClaims(context: Record<string, unknown>, rule: string, warnings: SandboxLog[]): void {
  for (const [token, label] of [['idToken', 'ID token'], ['accessToken', 'access token']] as const) {
    const claims = context[token];
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) {
      context[token] = token === 'accessToken' ? { scope: [] } : {};
      continue;
    }
    for (const name of Object.keys(claims)) {
      if (token === 'accessToken' && name === 'scope') continue;
      if (isNamespacedClaim(name)) continue;
      delete (claims as Record<string, unknown>)[name];
      warnings.push({ rule, level: 'warn', message: `claim "${name}" on the ${label} is not namespaced (use a URL such as https://example.com/${name}); it was dropped` });
    }
  }
}
