import { errors as joseErrors } from 'jose';
import { IdentityError } from './identity.error';

export const ID_TOKEN_NONCE_MISMATCH = 'The ID token nonce does not match.';

export const UNKNOWN_SIGNING_KEY = 'The token was signed with an unknown key.';

export const invalidToken = (message: string, cause?: unknown) => new IdentityError(401, 'invalid_token', message, { cause });

/** 401 `invalid_token` for an ID token whose nonce is not the one of the authorize request. */
export const nonceMismatch = () => invalidToken(ID_TOKEN_NONCE_MISMATCH);

/**
 * The port's answer to a JWT that failed verification (signature, issuer, audience, expiry), the same
 * whichever provider verified it: 401 `invalid_token` naming the claim at fault.
 */
export function tokenVerificationError(error: unknown): IdentityError {
  if (error instanceof IdentityError) return error;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return invalidToken(UNKNOWN_SIGNING_KEY, error);
  if (error instanceof joseErrors.JWTExpired) return invalidToken('The token has expired.', error);
  if (error instanceof joseErrors.JWTClaimValidationFailed) return invalidToken(`The token's "${error.claim}" claim is not valid.`, error);
  return invalidToken('The token is not valid.', error);
}
