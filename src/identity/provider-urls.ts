import type { AuthorizeUrlInput } from './identity.types';

/** The `/authorize` URL of a provider whose issuer base URL (without trailing slash) is `base`. */
export function authorizeUrl(base: string, input: AuthorizeUrlInput): string {
  const url = new URL(`${base}/authorize`);
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    state: input.state,
    scope: input.scope,
    audience: input.audience,
    nonce: input.nonce,
    code_challenge: input.codeChallenge,
    code_challenge_method: input.codeChallenge ? (input.codeChallengeMethod ?? 'S256') : undefined,
    connection: input.connection,
    prompt: input.prompt,
    screen_hint: input.screenHint,
  };
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** The `/v2/logout` URL of a provider (Auth0's logout endpoint). */
export function logoutUrl(base: string, input: { clientId: string; returnTo?: string }): string {
  const url = new URL(`${base}/v2/logout`);
  url.searchParams.set('client_id', input.clientId);
  if (input.returnTo !== undefined) url.searchParams.set('returnTo', input.returnTo);
  return url.toString();
}
