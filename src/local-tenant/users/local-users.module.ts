import { Module } from '@nestjs/common';
import { BruteForceProtection } from '../brute-force/brute-force-protection';
import { PasswordHasher } from '../passwords/password-hasher';
import { LocalTenantSettingsModule } from '../settings/local-tenant-settings.module';
import { LocalUserEvents } from './local-user-events';
import { LocalUsers } from './local-users';

/** Users, their passwords (argon2id, imported hashes) and brute-force protection. */
@Module({
  imports: [LocalTenantSettingsModule],
  providers: [LocalUsers, LocalUserEvents, PasswordHasher, BruteForceProtection],
  exports: [LocalUsers, PasswordHasher, BruteForceProtection],
})
export class LocalUsersModule {}
