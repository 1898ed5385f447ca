import { Command, CommandRunner, Option } from 'nest-commander';
import { CliError, cliOut } from '../../../cli/cli-output';
import { ApiKeysService } from '../api-keys.service';
import { ADMIN_SCOPES, AdminScope } from '../scopes';

interface Options {
  scopes: AdminScope[];
}

/** `api-keys create NAME --scopes users:read,users:write`: prints the new key once. */
@Command({ name: 'api-keys:create', arguments: '<name>', description: 'Create an admin API key and print it (shown once)' })
export class CreateApiKeyCommand extends CommandRunner {
  constructor(private readonly keys: ApiKeysService) {
    super();
  }

  @Option({ flags: '-s, --scopes <scopes>', description: `comma-separated scopes (${ADMIN_SCOPES.join(', ')})`, required: true })
  parseScopes(value: string): AdminScope[] {
    const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = scopes.filter((s) => !(ADMIN_SCOPES as readonly string[]).includes(s));
    if (unknown.length || scopes.length === 0) throw new CliError(`unknown scopes: ${unknown.join(', ') || '(none given)'}; use ${ADMIN_SCOPES.join(', ')}`);
    return scopes as AdminScope[];
  }

  async run([name]: string[], options: Options): Promise<void> {
    const existing = (await this.keys.list()).find((k) => k.name === name);
    if (existing) throw new CliError(`an API key named "${name}" already exists`);
    const { key, row } = await this.keys.create(name, options.scopes);
    cliOut(`created API key "${row.name}" (${row.scopes.join(', ')}); it is shown only now:`);
    cliOut(key);
  }
}
