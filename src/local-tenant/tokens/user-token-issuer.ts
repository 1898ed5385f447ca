import { Injectable, Logger } from '@nestjs/common';
import type { LocalRefreshToken, LocalUser } from '../../generated/prisma/client';
import type { IdentityUser, OnAuthenticated, TokenSet } from '../../identity/identity.types';
import type { ApplicationClient } from '../clients/local-clients';
import { RefreshTokens } from '../refresh-tokens/refresh-tokens';
import { toIdentityUser } from '../users/user-mapper';
import { namespacedClaims } from './custom-claims';
import { profileClaims } from './profile-claims';
import { LocalTokens } from './local-tokens';

export type LoginProtocol = Parameters<OnAuthenticated>[1];

export interface UserTokenRequest {
  user: LocalUser;
  client: ApplicationClient;
  scopes: string[];
  audience?: string;
  nonce?: string;
  protocol: LoginProtocol;
  /** Auth0's `gty` claim of the access token. */
  grantType?: string;
  onAuthenticated?: OnAuthenticated;
  /** The refresh token being exchanged: its family continues instead of a new one starting. */
  rotating?: LocalRefreshToken;
}

export interface IssuedUserTokens {
  tokens: TokenSet;
  user: IdentityUser;
  /** The refresh token family, when a refresh token was issued. */
  refreshFamilyId?: string;
}

/**
 * Issues the tokens of an authenticated user: runs the `OnAuthenticated` hook (the rules pipeline)
 * first, embeds the namespaced claims it returns, and signs the access token, the ID token (with
 * `openid`) and a refresh token (with `offline_access`, or when one is being rotated).
 */
@Injectable()
export class UserTokenIssuer {
  private readonly logger = new Logger(UserTokenIssuer.name);

  constructor(
    private readonly tokens: LocalTokens,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async issue(request: UserTokenRequest): Promise<IssuedUserTokens> {
    const user = toIdentityUser(request.user);
    const custom = (await request.onAuthenticated?.(user, request.protocol)) ?? {};
    const idClaims = this.keepNamespaced(custom.idToken, 'ID token');
    const accessClaims = this.keepNamespaced(custom.accessToken, 'access token');
    const { clientId } = request.client;

    const access = await this.tokens.signAccessToken({
      subject: user.user_id,
      clientId,
      audience: request.audience,
      scopes: request.scopes,
      grantType: request.grantType,
      claims: accessClaims,
    });
    const tokens: TokenSet = { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: request.scopes.join(' ') };
    if (request.scopes.includes('openid')) {
      const id = await this.tokens.signIdToken({ subject: user.user_id, clientId, profile: profileClaims(user, request.scopes), nonce: request.nonce, accessToken: access.token, claims: idClaims });
      tokens.id_token = id.token;
    }
    let refreshFamilyId: string | undefined;
    if (request.rotating) {
      tokens.refresh_token = await this.refreshTokens.next(request.rotating, request.rotating.scope);
      refreshFamilyId = request.rotating.familyId;
    } else if (request.scopes.includes('offline_access')) {
      const issued = await this.refreshTokens.issue({ userId: request.user.id, clientId, scope: request.scopes.join(' '), audience: request.audience });
      tokens.refresh_token = issued.token;
      refreshFamilyId = issued.familyId;
    }
    return { tokens, user, refreshFamilyId };
  }

  private keepNamespaced(claims: Record<string, unknown> | undefined, where: string): Record<string, unknown> {
    const filtered = namespacedClaims(claims);
    if (filtered.dropped.length) this.logger.warn({ claims: filtered.dropped }, `left out of the ${where}: custom claims must be namespaced (a URL such as https://example.com/claim)`);
    return filtered.claims;
  }
}
