import { ApiError } from '../common/errors/api-error';
import type { IdentityUser } from '../identity/identity.types';

export type LoginProtocol = 'oauth2-password' | 'oauth2-resource-owner' | 'authorization_code' | 'oauth2-refresh-token' | 'redirect-callback';

/** What the gateway knows about a login when it asks the rules pipeline about it. */
export interface LoginRulesInput {
  user: IdentityUser;
  protocol: LoginProtocol;
  client: { clientId: string; name: string; metadata?: Record<string, string> };
  connection: { id?: string; name: string; strategy: string };
  /** The end user's request; `body` may be the raw form (credentials are removed before rules see it). */
  request: { ip?: string; userAgent?: string; hostname?: string; query?: Record<string, unknown>; body?: Record<string, unknown>; method?: string; language?: string };
  sessionId?: string;
  /** How the user authenticated (`context.authentication.methods`); `pwd` at the time of the call when omitted for a password login. */
  authentication?: { methods: Array<{ name: string; timestamp?: string | number }> };
  /** Scopes requested for the access token. */
  scopes?: string[];
}

export interface LoginRulesOutcome {
  /** The user as the pipeline left it (changes visible to later steps, not necessarily persisted). */
  user: IdentityUser;
  /** Namespaced claims to add to the ID token / access token (and expose in /userinfo). */
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  /** Scopes after addScope/removeScope. */
  scopes?: string[];
}

/**
 * A rule or action denied the login (or failed): 401, no session. `eventRecorded` is true when the
 * pipeline has already recorded the `f` event naming the rule; a caller then records no failed-login
 * event of its own for it.
 */
export class LoginDeniedError extends ApiError {
  constructor(
    errorCode: 'unauthorized' | 'access_denied',
    message: string,
    readonly rule?: string,
    readonly eventRecorded = false,
  ) {
    super(401, errorCode, message);
  }
}

/**
 * The login pipeline hook: OAuth & sessions calls it after the provider authenticated the user and
 * before a session exists. It throws LoginDeniedError to refuse the login. The rules module provides
 * the implementation.
 */
export abstract class LoginRules {
  abstract run(input: LoginRulesInput): Promise<LoginRulesOutcome>;
}

/** Lets every login through unchanged (used when no rules engine is configured). */
export class PassThroughLoginRules extends LoginRules {
  async run(input: LoginRulesInput): Promise<LoginRulesOutcome> {
    return { user: input.user, idTokenClaims: {}, accessTokenClaims: {}, scopes: input.scopes };
  }
}
