import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { CliError, cliOut } from '../../cli/cli-output';
import { IDENTITY_PROVIDER } from '../../identity/identity-provider.port';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import type { IdentityUser } from '../../identity/identity.types';
import { orCliError } from './cli-identity';

/**
 * `users:unblock USER_ID_OR_EMAIL`: lets a user log in again — lifts the brute-force blocks and
 * clears `blocked` when an administrator had set it. An email unblocks that user in every connection.
 */
@Command({ name: 'users:unblock', arguments: '<user>', description: 'Unblock a user (auth0|… id or email): brute-force blocks and the blocked flag' })
export class UnblockUserCommand extends CommandRunner {
  constructor(@Inject(IDENTITY_PROVIDER) private readonly idp: IdentityProvider) {
    super();
  }

  async run([who]: string[]): Promise<void> {
    const users: IdentityUser[] = who.includes('@') ? await orCliError(this.idp.getUsersByEmail(who)) : [await orCliError(this.idp.getUser(who))];
    if (users.length === 0) throw new CliError(`no user with the email ${who}`);
    for (const user of users) {
      await orCliError(this.idp.unblockUser(user.user_id));
      const cleared = user.blocked ? (await orCliError(this.idp.updateUser(user.user_id, { blocked: false })), ' and the blocked flag cleared') : '';
      cliOut(`unblocked ${user.user_id} (${user.email ?? user.username ?? ''}, ${user.identities[0]?.connection}): brute-force blocks lifted${cleared}`);
    }
  }
}
