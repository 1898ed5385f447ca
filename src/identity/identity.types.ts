/**
 * Provider-neutral types of the identity port. Field names follow Auth0's wire format (snake_case)
 * because that is what callers forward to their own clients; nothing here is specific to one adapter.
 */

export interface UserIdentity {
  connection: string;
  provider: string;
  user_id: string;
  isSocial: boolean;
}

export interface IdentityUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  phone_number?: string;
  blocked?: boolean;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  identities: UserIdentity[];
  created_at: string;
  updated_at: string;
  last_login?: string;
  last_ip?: string;
  logins_count?: number;
  last_password_reset?: string;
}

/** Who is asking, as far as the end user's request goes: forwarded to Auth0 and used for throttling. */
export interface RequestContext {
  ip?: string;
  userAgent?: string;
}

export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
}

/** Claims the rules pipeline adds to the tokens (namespaced keys only). */
export interface CustomClaims {
  idToken?: Record<string, unknown>;
  accessToken?: Record<string, unknown>;
}

/**
 * Called by a provider that issues its own tokens (the local tenant) once the user is authenticated
 * and before tokens are signed: the gateway runs its rules pipeline here and returns the claims to
 * embed. Throwing fails the login with that error. Providers that cannot embed claims (Auth0) never
 * call it; the gateway then runs the pipeline after the provider answered and keeps the claims in
 * its session.
 */
export type OnAuthenticated = (user: IdentityUser, protocol: 'oauth2-password' | 'authorization_code' | 'oauth2-refresh-token') => Promise<CustomClaims | void>;

export interface PasswordLoginInput {
  onAuthenticated?: OnAuthenticated;
  clientId: string;
  clientSecret?: string;
  username: string;
  password: string;
  /** Connection (realm) name; the provider's default directory when omitted. */
  connection?: string;
  audience?: string;
  scope?: string;
  context?: RequestContext;
}

export interface AuthorizeUrlInput {
  clientId: string;
  redirectUri: string;
  state: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  connection?: string;
  scope?: string;
  audience?: string;
  prompt?: string;
  /** e.g. `signup` (screen_hint). */
  screenHint?: string;
}

export interface CodeExchangeInput {
  onAuthenticated?: OnAuthenticated;
  clientId: string;
  clientSecret?: string;
  code: string;
  redirectUri: string;
  codeVerifier?: string;
  /**
   * The nonce of the authorize request, when it had one. The ID token must carry exactly this
   * nonce (none when omitted): Auth0's SDKs check it at the exchange, so the local tenant does too.
   */
  nonce?: string;
  context?: RequestContext;
}

export interface RefreshInput {
  onAuthenticated?: OnAuthenticated;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  scope?: string;
  context?: RequestContext;
}

export interface RevokeInput {
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  context?: RequestContext;
}

export interface ClientCredentialsInput {
  clientId: string;
  clientSecret: string;
  audience?: string;
  scope?: string;
  /** The calling service's address and user agent, for the provider's log events. */
  context?: RequestContext;
}

export interface VerifiedIdToken {
  claims: Record<string, unknown>;
}

export interface ListUsersInput {
  /** Auth0 v3 Lucene query. */
  q?: string;
  page?: number;
  perPage?: number;
  sort?: string;
  fields?: string[];
  includeFields?: boolean;
}

export interface UserPage {
  start: number;
  limit: number;
  length: number;
  total: number;
  users: IdentityUser[];
}

export interface CreateUserInput {
  connection: string;
  email?: string;
  username?: string;
  password?: string;
  email_verified?: boolean;
  verify_email?: boolean;
  phone_number?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  user_id?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
}

/** Auth0 PATCH body: metadata merges at the first level, `null` deletes a key. */
export interface UpdateUserInput {
  email?: string;
  username?: string;
  password?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  connection?: string;
  app_metadata?: Record<string, unknown> | null;
  user_metadata?: Record<string, unknown> | null;
}

export type ImportJobStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface ImportJobSummary {
  inserted: number;
  updated: number;
  failed: number;
  total: number;
}

export interface ImportJob {
  id: string;
  type: 'users_import';
  status: ImportJobStatus;
  connection_id: string;
  connection?: string;
  external_id?: string;
  created_at: string;
  /** While the job is processing: how far it is (0–100), and Auth0's estimate of the time left. */
  percentage_done?: number;
  time_left_seconds?: number;
  summary?: ImportJobSummary;
}

export interface CreateImportJobInput {
  connectionId: string;
  /** The import file: a JSON array of users, as bytes (≤ 500 KB). */
  users: Buffer;
  upsert?: boolean;
  externalId?: string;
  sendCompletionEmail?: boolean;
}

export interface ImportJobError {
  user: Record<string, unknown>;
  errors: Array<{ code: string; message: string; path?: string }>;
}

export interface ConnectionInfo {
  id: string;
  name: string;
  strategy: string;
}
