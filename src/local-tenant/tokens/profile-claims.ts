import type { IdentityUser } from '../../identity/identity.types';

/** OIDC standard claims of a user for the scopes granted (ID token and /userinfo). */
export function profileClaims(user: IdentityUser, scopes: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  const copy = (...names: Array<keyof IdentityUser>) => names.forEach((n) => user[n] !== undefined && (claims[n] = user[n]));
  if (scopes.includes('profile')) copy('name', 'nickname', 'picture', 'given_name', 'family_name', 'updated_at');
  if (scopes.includes('email')) copy('email', 'email_verified');
  if (scopes.includes('phone')) copy('phone_number');
  return claims;
}
