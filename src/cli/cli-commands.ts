import type { Type } from '@nestjs/common';
import { CreateApiKeyCommand } from '../common/admin-auth/cli/create-api-key.command';
import { ImportUsersCommand } from '../jobs/cli/import-users.command';
import { JobsModule } from '../jobs/jobs.module';
import { CreateUserCommand } from '../local-tenant/cli/create-user.command';
import { UnblockUserCommand } from '../local-tenant/cli/unblock-user.command';
import { DeployRulesCommand } from '../rules/cli/deploy-rules.command';

/** Every CLI command; each lives in the feature folder it belongs to. */
export const CLI_COMMANDS: Type[] = [CreateApiKeyCommand, CreateUserCommand, ImportUsersCommand, UnblockUserCommand, DeployRulesCommand];

/** Feature modules whose exported services the commands use (the application's own instances). */
export const CLI_MODULES: Type[] = [JobsModule];
