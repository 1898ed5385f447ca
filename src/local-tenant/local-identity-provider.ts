import { Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import type { IdentityProvider } from '../identity/identity-provider.port';
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
  RequestContext,
  RevokeInput,
  TokenSet,
  UpdateUserInput,
  UserPage,
  VerifiedIdToken,
} from '../identity/identity.types';
import { authorizeUrl, logoutUrl } from '../identity/provider-urls';
import { nonceMismatch } from '../identity/token-verification';
import { ExchangeAuthorizationCode } from './authorization/exchange-code.usecase';
import { LocalImportJobs } from './import/local-import-jobs';
import { PasswordLogin } from './login/password-login.usecase';
import { RefreshTokenExchange } from './refresh-tokens/refresh.usecase';
import { LocalUserSearch } from './search/local-user-search';
import { LocalTenantSettings } from './settings/local-tenant-settings';
import { ClientCredentialsGrant } from './tokens/client-credentials.usecase';
import { LocalUserInfo } from './tokens/user-info';
import { LocalUsers } from './users/local-users';
import { selectFields, toIdentityUser } from './users/user-mapper';

/** The identity port backed by the built-in local tenant (Postgres), with Auth0's semantics. */
@Injectable()
export class LocalIdentityProvider implements IdentityProvider {
  readonly kind = 'local' as const;

  constructor(
    private readonly settings: LocalTenantSettings,
    private readonly users: LocalUsers,
    private readonly passwordLogin: PasswordLogin,
    private readonly codeExchange: ExchangeAuthorizationCode,
    private readonly refreshExchange: RefreshTokenExchange,
    private readonly clientCredentialsGrant: ClientCredentialsGrant,
    private readonly userInfoService: LocalUserInfo,
    private readonly importJobs: LocalImportJobs,
    private readonly search: LocalUserSearch,
  ) {}

  loginWithPassword(input: PasswordLoginInput): Promise<TokenSet> {
    return this.passwordLogin.execute(input);
  }

  async buildAuthorizeUrl(input: AuthorizeUrlInput): Promise<string> {
    return authorizeUrl(this.settings.issuerBase, input);
  }

  /**
   * The tenant issues the tokens (with the authorize request's nonce, as Auth0 does); the port then
   * checks the ID token's nonce against the one the caller expects, as Auth0's SDKs do.
   */
  async exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    const tokens = await this.codeExchange.execute(input);
    if (tokens.id_token !== undefined && decodeJwt(tokens.id_token).nonce !== input.nonce) throw nonceMismatch();
    return tokens;
  }

  refresh(input: RefreshInput): Promise<TokenSet> {
    return this.refreshExchange.refresh(input);
  }

  revokeRefreshToken(input: RevokeInput): Promise<void> {
    return this.refreshExchange.revoke(input);
  }

  userInfo(accessToken: string): Promise<Record<string, unknown>> {
    return this.userInfoService.userInfo(accessToken);
  }

  verifyIdToken(idToken: string, options: { clientId: string; nonce?: string }): Promise<VerifiedIdToken> {
    return this.userInfoService.verifyIdToken(idToken, options);
  }

  clientCredentials(input: ClientCredentialsInput): Promise<TokenSet> {
    return this.clientCredentialsGrant.execute(input);
  }

  logoutUrl(input: { clientId: string; returnTo?: string }): string {
    return logoutUrl(this.settings.issuerBase, input);
  }

  async getUser(userId: string): Promise<IdentityUser> {
    return toIdentityUser(await this.users.get(userId));
  }

  /** Auth0 v3 (Lucene) search with Auth0's paging; `fields` / `include_fields` shape each user. */
  async listUsers(input: ListUsersInput): Promise<UserPage> {
    const result = await this.search.search(input);
    const users = result.rows.map((row) => selectFields(toIdentityUser(row), input.fields, input.includeFields));
    return { start: result.start, limit: result.limit, length: users.length, total: result.total, users };
  }

  async getUsersByEmail(email: string): Promise<IdentityUser[]> {
    return (await this.users.findByEmail(email)).map(toIdentityUser);
  }

  async createUser(input: CreateUserInput, context?: RequestContext): Promise<IdentityUser> {
    return toIdentityUser(await this.users.create(input, { context }));
  }

  async updateUser(userId: string, input: UpdateUserInput, context?: RequestContext): Promise<IdentityUser> {
    return toIdentityUser(await this.users.update(userId, input, context));
  }

  deleteUser(userId: string, context?: RequestContext): Promise<void> {
    return this.users.delete(userId, context);
  }

  unblockUser(userId: string, context?: RequestContext): Promise<void> {
    return this.users.unblock(userId, context);
  }

  async listConnections(): Promise<ConnectionInfo[]> {
    return this.settings.listConnections();
  }

  createImportJob(input: CreateImportJobInput): Promise<ImportJob> {
    return this.importJobs.create(input);
  }

  getImportJob(jobId: string): Promise<ImportJob> {
    return this.importJobs.get(jobId);
  }

  getImportJobErrors(jobId: string): Promise<ImportJobError[]> {
    return this.importJobs.errors(jobId);
  }
}
