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

  // Users
  getUser(userId: string): Promise<IdentityUser>;
  listUsers(input: ListUsersInput): Promise<UserPage>;
  getUsersByEmail(email: string): Promise<IdentityUser[]>;
  createUser(input: CreateUserInput): Promise<IdentityUser>;
  updateUser(userId: string, input: UpdateUserInput): Promise<IdentityUser>;
  deleteUser(userId: string): Promise<void>;

  // Connections
  listConnections(): Promise<ConnectionInfo[]>;

  // Bulk import
  createImportJob(input: CreateImportJobInput): Promise<ImportJob>;
  getImportJob(jobId: string): Promise<ImportJob>;
  /** Per-user errors of a finished job; empty when there are none. */
  getImportJobErrors(jobId: string): Promise<ImportJobError[]>;
}

export const IDENTITY_PROVIDER = Symbol('IDENTITY_PROVIDER');
