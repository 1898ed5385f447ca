import { Module } from '@nestjs/common';
import { LocalImportJobsModule } from './import/local-import-jobs.module';
import { LocalIdentityProvider } from './local-identity-provider';
import { LocalTenantHousekeeping } from './local-tenant-housekeeping';
import { LocalLoginModule } from './login/local-login.module';
import { LocalUserSearchModule } from './search/local-user-search.module';
import { SeedUsers } from './seed/seed-users';
import { LocalTenantSettingsModule } from './settings/local-tenant-settings.module';
import { LocalTokensModule } from './tokens/local-tokens.module';
import { LocalUsersModule } from './users/local-users.module';

/**
 * The built-in, Auth0-compatible local tenant: LocalIdentityProvider (the identity port) and the
 * services an HTTP facade needs (JWKS, discovery, the login page's AuthorizeWithPassword, token
 * verification for Management API calls).
 */
@Module({
  imports: [LocalTenantSettingsModule, LocalUsersModule, LocalTokensModule, LocalLoginModule, LocalImportJobsModule, LocalUserSearchModule],
  providers: [LocalIdentityProvider, SeedUsers, LocalTenantHousekeeping],
  exports: [LocalIdentityProvider, LocalTenantSettingsModule, LocalUsersModule, LocalTokensModule, LocalLoginModule, LocalImportJobsModule],
})
export class LocalTenantModule {}
