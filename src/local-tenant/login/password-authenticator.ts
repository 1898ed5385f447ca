import { Injectable } from '@nestjs/common';
import type { LocalUser } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import type { RequestContext } from '../../identity/identity.types';
import { BruteForceProtection } from '../brute-force/brute-force-protection';
import { PasswordHasher } from '../passwords/password-hasher';
import type { LocalConnection } from '../settings/local-tenant-settings';
import { LocalUsers } from '../users/local-users';
import { LoginEvents } from './login-events';

export const WRONG_CREDENTIALS = 'Wrong email or password.';
export const TOO_MANY_ATTEMPTS = 'Your account has been blocked after multiple consecutive login attempts.';
export const USER_BLOCKED = 'user is blocked';

export interface CredentialsInput {
  client: { id: string; name: string };
  connection: LocalConnection;
  username: string;
  password: string;
  context?: RequestContext;
}

/**
 * Checks a user's password in a database connection, with Auth0's answers:
 * - unknown user and wrong password are the same 403 `invalid_grant` "Wrong email or password.",
 *   and cost the same: an unknown user's password is checked against a dummy argon2id hash, and
 *   failures are counted for both;
 * - 10 consecutive failures for one account from one IP → 429 `too_many_attempts` (and a
 *   `limit_wc` event) until a success from elsewhere, an unblock, or `bruteForce.blockSeconds`;
 * - a blocked user with the right password → 401 `unauthorized` "user is blocked".
 * On success the login is counted (`last_login`, `last_ip`, `logins_count`) and an imported or
 * outdated hash is replaced by an argon2id one.
 */
@Injectable()
export class PasswordAuthenticator {
  constructor(
    private readonly users: LocalUsers,
    private readonly hasher: PasswordHasher,
    private readonly bruteForce: BruteForceProtection,
    private readonly events: LoginEvents,
  ) {}

  async authenticate(input: CredentialsInput): Promise<LocalUser> {
    const login = input.username.trim();
    const user = login ? await this.users.findByLogin(input.connection.id, login) : null;
    const subject = { client: input.client, connection: input.connection, user: user ?? undefined, login, context: input.context };
    const ip = input.context?.ip ?? '';
    const account = user ? BruteForceProtection.userSubject(user.id) : BruteForceProtection.unknownLoginSubject(input.connection.id, login);

    if (await this.bruteForce.isBlocked(account, ip)) {
      await this.events.failed(subject, 'f', TOO_MANY_ATTEMPTS);
      throw new IdentityError(429, 'too_many_attempts', TOO_MANY_ATTEMPTS);
    }

    let check = { matches: false, needsUpgrade: false };
    if (user) check = await this.hasher.verify(user, input.password);
    else await this.hasher.verifyDummy(input.password);

    if (!check.matches) {
      const blockedNow = await this.bruteForce.recordFailure(account, ip);
      const failure = this.events.input(subject, user ? 'fp' : 'fu', WRONG_CREDENTIALS, { details: { error: { message: WRONG_CREDENTIALS } } });
      const limit = blockedNow ? [this.events.input(subject, 'limit_wc', `Blocked account: ${login} from ${ip || 'an unknown address'}`)] : [];
      await this.events.emitAll(failure, ...limit);
      throw new IdentityError(403, 'invalid_grant', WRONG_CREDENTIALS);
    }
    const found = user as LocalUser;
    if (found.blocked) {
      await this.events.failed(subject, 'f', USER_BLOCKED);
      throw new IdentityError(401, 'unauthorized', USER_BLOCKED);
    }
    await this.bruteForce.clear(account);
    const upgraded = check.needsUpgrade ? await this.hasher.hash(input.password) : undefined;
    return this.users.recordLogin(found, input.context?.ip, upgraded);
  }
}
