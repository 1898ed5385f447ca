import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError, cliOut } from '../../cli/cli-output';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { IDENTITY_PROVIDER } from '../../identity/identity-provider.port';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import { orCliError, resolveConnection } from './cli-identity';
import { readPassword } from './password-prompt';

interface Options {
  email: string;
  password?: string;
  connection?: string;
  username?: string;
}

/** `users:create --email E [--password P] [--connection C] [--username U]`; the password is asked for when not given. */
@Command({ name: 'users:create', description: 'Create a user (the password is read from the terminal or standard input when --password is not given)' })
export class CreateUserCommand extends CommandRunner {
  constructor(
    @Inject(IDENTITY_PROVIDER) private readonly idp: IdentityProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  @Option({ flags: '-e, --email <email>', description: 'email address', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '-p, --password <password>', description: 'password (visible in the shell history: prefer the prompt)' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '-c, --connection <name>', description: 'database connection (default: the default management connection)' })
  parseConnection(value: string): string {
    return value;
  }

  @Option({ flags: '-u, --username <username>', description: 'username, for connections that require one' })
  parseUsername(value: string): string {
    return value;
  }

  async run(_args: string[], options: Options): Promise<void> {
    const connection = await resolveConnection(this.idp, this.config, options.connection);
    const password = options.password ?? (await readPassword('Password: '));
    if (!password) throw new CliError('a password is required (--password, or type it when asked)');
    const user = await orCliError(this.idp.createUser({ connection: connection.name, email: options.email, password, username: options.username }));
    cliOut(`created ${user.user_id} (${user.email}) in ${connection.name}`);
  }
}
