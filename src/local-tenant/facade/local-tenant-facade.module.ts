import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { ServiceConfig } from '../../config/schema/service-config.schema';
import { LocalTenantModule } from '../local-tenant.module';
import { AuthenticationApiErrorFilter } from './authentication/authentication-api-error.filter';
import { FacadeTokenController } from './authentication/token.controller';
import { FacadeWellKnownController } from './authentication/well-known.controller';
import { FacadeBodyParsing } from './facade-body';
import { FacadeCors } from './facade-cors';
import { FacadeLoginController } from './login/login.controller';
import { FacadeConnectionsController } from './management/connections.controller';
import { FacadeJobsController } from './management/jobs.controller';
import { ManagementApiErrorFilter } from './management/management-api-error.filter';
import { ManagementTokenGuard } from './management/management-token.guard';
import { FacadeUsersController } from './management/users.controller';

/** Whether the facade is served: by default when the local tenant is the identity provider. */
export function isFacadeEnabled(config: Pick<ServiceConfig, 'identityProvider' | 'localTenant'>): boolean {
  return config.localTenant.facade.enabled ?? config.identityProvider.type === 'local';
}

/**
 * The local tenant's Auth0-compatible HTTP facade under `localTenant.facade.prefix`
 * (`/local-tenant`): Auth0's Authentication API, Management API (`/api/v2`) and hosted login, so
 * that Auth0's SDKs and front-end libraries work against the built-in tenant.
 */
@Module({})
export class LocalTenantFacadeModule {
  static forRoot(config: Pick<ServiceConfig, 'identityProvider' | 'localTenant'>): DynamicModule {
    if (!isFacadeEnabled(config)) return { module: LocalTenantFacadeModule };
    return {
      module: LocalTenantFacadeModule,
      imports: [LocalTenantModule, RouterModule.register([{ path: config.localTenant.facade.prefix, module: LocalTenantFacadeModule }])],
      controllers: [FacadeWellKnownController, FacadeTokenController, FacadeLoginController, FacadeUsersController, FacadeJobsController, FacadeConnectionsController],
      providers: [FacadeBodyParsing, FacadeCors, ManagementTokenGuard, AuthenticationApiErrorFilter, ManagementApiErrorFilter],
    };
  }
}
