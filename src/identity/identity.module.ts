import { DynamicModule, Global, Module } from '@nestjs/common';
import type { IdentityProviderConfig } from '../config/schema/identity-provider.schema';
import { LocalIdentityProvider } from '../local-tenant/local-identity-provider';
import { LocalTenantModule } from '../local-tenant/local-tenant.module';
import { Auth0IdentityModule } from './auth0/auth0-identity.module';
import { Auth0IdentityProvider } from './auth0/auth0-identity-provider';
import { IDENTITY_PROVIDER } from './identity-provider.port';
import { ImportConnections } from './import-connections';

/** Raised at start when the configured identity provider has no adapter in this build. */
export class IdentityProviderUnavailableError extends Error {
  constructor(type: string) {
    super(`identityProvider.type "${type}" is not supported by this version of the gateway; use identityProvider.type "local" (the built-in tenant)`);
    this.name = 'IdentityProviderUnavailableError';
  }
}

/**
 * Provides IDENTITY_PROVIDER, the one identity port product modules inject, backed by the adapter
 * `identityProvider.type` names, and ImportConnections (the connection id of an import). Adapters:
 * `local` (the built-in tenant) and `auth0` (Auth0's SDKs). Each adapter is one entry of the switch
 * below, with the module that provides it.
 */
@Global()
@Module({})
export class IdentityModule {
  static forRoot(provider: IdentityProviderConfig): DynamicModule {
    switch (provider.type) {
      case 'local':
        return {
          module: IdentityModule,
          imports: [LocalTenantModule],
          providers: [{ provide: IDENTITY_PROVIDER, useExisting: LocalIdentityProvider }, ImportConnections],
          exports: [IDENTITY_PROVIDER, ImportConnections],
        };
      case 'auth0':
        return {
          module: IdentityModule,
          imports: [Auth0IdentityModule],
          providers: [{ provide: IDENTITY_PROVIDER, useExisting: Auth0IdentityProvider }, ImportConnections],
          exports: [IDENTITY_PROVIDER, ImportConnections],
        };
      default:
        throw new IdentityProviderUnavailableError((provider as { type: string }).type);
    }
  }
}
