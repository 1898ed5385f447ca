import { Injectable } from '@nestjs/common';
import type { IdentityProvider } from '../identity-provider.port';
import type {
  AuthorizeUrlInput,
  ClientCredentialsInput,
  CodeExchangeInput,
  ConnectionInfo,
  CreateImportJobInput,
  CreateUserInput,
  IdentityUser,
  ImportJob,
  ImportJobError,
  ListUsersInput,
  PasswordLoginInput,
  RefreshInput,
  RevokeInput,
  TokenSet,
  UpdateUserInput,
  UserPage,
  VerifiedIdToken,
} from '../identity.types';
import { authorizeUrl, logoutUrl } from '../provider-urls';
import { Auth0Authentication } from './auth0-authentication';
import { Auth0IdTokens } from './auth0-id-tokens';
import { Auth0Management } from './auth0-management';
import { Auth0Settings } from './auth0-settings';

/**
 * The identity port backed by an Auth0 tenant, through Auth0's SDKs. Errors are the port's
 * IdentityError with Auth0's status, code and message; 504 `upstream_timeout` and 502
 * `upstream_error` when Auth0 does not answer usably.
 */
@Injectable()
export class Auth0IdentityProvider implements IdentityProvider {
  readonly kind = 'auth0' as const;

  constructor(
    private readonly settings: Auth0Settings,
    private readonly authentication: Auth0Authentication,
    private readonly management: Auth0Management,
    private readonly idTokens: Auth0IdTokens,
  ) {}

  loginWithPassword(input: PasswordLoginInput): Promise<TokenSet> {
    return this.authentication.loginWithPassword(input);
  }

  /** Auth0's /authorize URL: Auth0's authorize endpoint is always at the tenant's root. */
  async buildAuthorizeUrl(input: AuthorizeUrlInput): Promise<string> {
    return authorizeUrl(`https://${this.settings.domain}`, input);
  }

  exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    return this.authentication.exchangeCode(input);
  }

  refresh(input: RefreshInput): Promise<TokenSet> {
    return this.authentication.refresh(input);
  }

  revokeRefreshToken(input: RevokeInput): Promise<void> {
    return this.authentication.revokeRefreshToken(input);
  }

  userInfo(accessToken: string): Promise<Record<string, unknown>> {
    return this.authentication.userInfo(accessToken);
  }

  verifyIdToken(idToken: string, options: { clientId: string; nonce?: string }): Promise<VerifiedIdToken> {
    return this.idTokens.verify(idToken, options);
  }

  clientCredentials(input: ClientCredentialsInput): Promise<TokenSet> {
    return this.authentication.clientCredentials(input);
  }

  logoutUrl(input: { clientId: string; returnTo?: string }): string {
    return logoutUrl(`https://${this.settings.domain}`, input);
  }

  getUser(userId: string): Promise<IdentityUser> {
    return this.management.getUser(userId);
  }

  listUsers(input: ListUsersInput): Promise<UserPage> {
    return this.management.listUsers(input);
  }

  getUsersByEmail(email: string): Promise<IdentityUser[]> {
    return this.management.getUsersByEmail(email);
  }

  // Auth0 records the Management API's own caller (the gateway) in its log events; the end user's
  // context has nowhere to go there.
  createUser(input: CreateUserInput): Promise<IdentityUser> {
    return this.management.createUser(input);
  }

  updateUser(userId: string, input: UpdateUserInput): Promise<IdentityUser> {
    return this.management.updateUser(userId, input);
  }

  deleteUser(userId: string): Promise<void> {
    return this.management.deleteUser(userId);
  }

  unblockUser(userId: string): Promise<void> {
    return this.management.unblockUser(userId);
  }

  listConnections(): Promise<ConnectionInfo[]> {
    return this.management.listConnections();
  }

  createImportJob(input: CreateImportJobInput): Promise<ImportJob> {
    return this.management.createImportJob(input);
  }

  getImportJob(jobId: string): Promise<ImportJob> {
    return this.management.getImportJob(jobId);
  }

  getImportJobErrors(jobId: string): Promise<ImportJobError[]> {
    return this.management.getImportJobErrors(jobId);
  }
}
