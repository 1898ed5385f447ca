import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Command, CommandRunner } from 'nest-commander';
import { CliError, cliOut } from '../../cli/cli-output';
import { ApiError } from '../../common/errors/api-error';
import { RuleImport } from '../deploy/rule-import.usecase';

const LAYOUT_DIRS = ['rules', 'rules-configs', 'actions', 'triggers'];
const MAX_FILE_BYTES = 1024 * 1024;

/** Reads the files of Auth0's deploy layout under `dir` as relative path → content. */
export function readDeployDirectory(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string, depth: number) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full);
      if (stat.isDirectory() && depth < 2) walk(full, depth + 1);
      else if (stat.isFile() && /\.(js|json)$/.test(name) && stat.size <= MAX_FILE_BYTES) files[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  let found = false;
  for (const sub of LAYOUT_DIRS) {
    const path = join(dir, sub);
    try {
      if (!statSync(path).isDirectory()) continue;
    } catch {
      continue;
    }
    found = true;
    walk(path, 0);
  }
  if (!found) throw new CliError(`${dir} has none of ${LAYOUT_DIRS.map((d) => `${d}/`).join(', ')}: not an Auth0 deploy directory`);
  return files;
}

/** `rules:deploy DIR`: imports rules, actions and their configuration from Auth0's deploy directory layout. */
@Command({ name: 'rules:deploy', arguments: '<dir>', description: "Import rules and actions from Auth0's deploy directory layout (rules/, rules-configs/, actions/)" })
export class DeployRulesCommand extends CommandRunner {
  constructor(private readonly importer: RuleImport) {
    super();
  }

  async run([dir]: string[]): Promise<void> {
    const files = readDeployDirectory(dir);
    try {
      const summary = await this.importer.run(files);
      cliOut(`created: ${summary.created.join(', ') || '-'}`);
      cliOut(`updated: ${summary.updated.join(', ') || '-'}`);
      cliOut(`unchanged: ${summary.unchanged.join(', ') || '-'}`);
      cliOut(`secrets set: ${summary.secrets.join(', ') || '-'}`);
    } catch (error) {
      if (error instanceof ApiError) {
        const details = error.details ?? [];
        if (details.length === 0) throw new CliError(`nothing was imported: ${error.message}`);
        const lines = details.map((d) => `  ${d.path}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ${d.message}`);
        throw new CliError(`nothing was imported; ${details.length} problem(s):\n${lines.join('\n')}`);
      }
      throw error;
    }
  }
}
