import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AdminAuthModule } from './common/admin-auth/admin-auth.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { LoggingModule } from './common/logging/logging.module';
import { AppConfig } from './config/config.loader';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { JobsModule } from './jobs/jobs.module';
import { LocalTenantFacadeModule } from './local-tenant/facade/local-tenant-facade.module';
import { LocalImportJobsModule } from './local-tenant/import/local-import-jobs.module';
import { LogStreamsModule } from './log-streams/log-streams.module';
import { RulesModule } from './rules/rules.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot(options.databaseUrl),
        LoggingModule.forRoot({ level: options.config.env.LOG_LEVEL, destination: options.logDestination }),
        CryptoModule,
        AdminAuthModule,
        HealthModule,
        IdentityModule.forRoot(options.config.service.identityProvider),
        LocalImportJobsModule,
        LocalTenantFacadeModule.forRoot(options.config.service),
        LogStreamsModule,
        RulesModule,
        UsersModule,
        JobsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
