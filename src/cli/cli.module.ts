import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppModule, AppModuleOptions } from '../app.module';
import { CLI_COMMANDS, CLI_MODULES } from './cli-commands';

@Module({})
class CliCommandsModule {}

/**
 * The CLI runs the same modules as the service (same configuration, same database) and adds the
 * commands; it serves no HTTP.
 */
export function cliModule(options: AppModuleOptions, commands: Type[] = CLI_COMMANDS): DynamicModule {
  return { module: CliCommandsModule, imports: [AppModule.forRoot(options), ...CLI_MODULES], providers: commands };
}
