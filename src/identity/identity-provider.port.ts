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
} from './identity.types';

/**
 * The one interface product modules use to reach an identity provider (Auth0 or the built-in local
 * tenant). Implementations throw IdentityError, never provider-specific errors.
 * Inject with `@Inject(IDENTITY_PROVIDER)`.
 */
export interface IdentityProvider {
  readonly kind: 'local' | 'auth0';

  // Authentication
  loginWithPassword(input: PasswordLoginInput): Promise<TokenSet>;
  buildAuthorizeUrl(input: AuthorizeUrlInput): Promise<string>;
  exchangeCode(input: CodeExchangeInput): Promise<TokenSet>;
  refresh(input: RefreshInput): Promise<TokenSet>;
  revokeRefreshToken(input: RevokeInput): Promise<void>;
  userInfo(accessToken: string): Promise<Record<string, unknown>>;
  /** Verifies an ID token's signature, issuer, audience, expiry and (when given) nonce. */
  verifyIdToken(idToken: string, options: { clientId: string; nonce?: string }): Promise<VerifiedIdToken>;
  clientCredentials(input: ClientCredentialsInput): Promise<TokenSet>;
  /** Logout URL of the provider (`/v2/logout?client_id=&returnTo=`). */
  logoutUrl(input: { clientId: string; returnTo?: string }): string;

  // Users. `context` is who asks (the administrator's or service's IP and user agent), recorded in
  // the provider's log events where it keeps its own.
  getUser(userId: string): Promise<IdentityUser>;
  listUsers(input: ListUsersInput): Promise<UserPage>;
  getUsersByEmail(email: string): Promise<IdentityUser[]>;
  createUser(input: CreateUserInput, context?: RequestContext): Promise<IdentityUser>;
  updateUser(userId: string, input: UpdateUserInput, context?: RequestContext): Promise<IdentityUser>;
  /** Deleting a user that does not exist succeeds, as on Auth0. */
  deleteUser(userId: string, context?: RequestContext): Promise<void>;
  /**
   * Lifts the brute-force blocks of a user (Auth0's `DELETE /api/v2/user-blocks/{id}`), so that
   * the IP addresses blocked after too many failed logins may log in again. It does not change the
   * user's `blocked` attribute. Unknown user → 404 `inexistent_user`.
   */
  unblockUser(userId: string, context?: RequestContext): Promise<void>;

  // Connections
  listConnections(): Promise<ConnectionInfo[]>;

  // Bulk import
  createImportJob(input: CreateImportJobInput): Promise<ImportJob>;
  getImportJob(jobId: string): Promise<ImportJob>;
  /** Per-user errors of a finished job; empty when there are none. */
  getImportJobErrors(jobId: string): Promise<ImportJobError[]>;
}

export const IDENTITY_PROVIDER = Symbol('IDENTITY_PROVIDER');
