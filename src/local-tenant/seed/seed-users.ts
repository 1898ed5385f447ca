import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IdentityError } from '../../identity/identity.error';
import { LocalTenantSettings } from '../settings/local-tenant-settings';
import { LocalUsers } from '../users/local-users';

/**
 * Creates the configured `localTenant.seedUsers` (the development configuration's demo user) at
 * start when they are missing. An existing user is never changed, so a password changed since stays
 * changed; replicas starting together create each user once (the email is unique per connection).
 */
@Injectable()
export class SeedUsers implements OnApplicationBootstrap {
  private readonly logger = new Logger(SeedUsers.name);

  constructor(
    private readonly settings: LocalTenantSettings,
    private readonly users: LocalUsers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const seed of this.settings.tenant.seedUsers) {
      const connection = this.settings.connection(seed.connection);
      if (await this.users.findByLogin(connection.id, seed.email)) continue;
      try {
        // The operator chose this password in the configuration: the connection's policy does not apply.
        const user = await this.users.create(
          { connection: seed.connection, email: seed.email, password: seed.password, name: seed.name, email_verified: true, app_metadata: seed.appMetadata },
          { enforcePasswordPolicy: false },
        );
        this.logger.log({ userId: `auth0|${user.id}`, connection: seed.connection }, `created seed user ${seed.email}`);
      } catch (error) {
        if (error instanceof IdentityError && error.code === 'user_exists') continue; // another replica was faster
        throw error;
      }
    }
  }
}
