import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_PROVIDER } from '../../identity/identity-provider.port';
import type { IdentityProvider } from '../../identity/identity-provider.port';
import type { IdentityUser } from '../../identity/identity.types';

export type MetadataField = 'app_metadata' | 'user_metadata';

/**
 * Where rules read users and write their metadata: the identity provider port (Auth0 or the local
 * tenant). Metadata merges at the first level and `null` deletes a key, as on Auth0.
 */
@Injectable()
export class RuleUserStore {
  constructor(@Inject(IDENTITY_PROVIDER) private readonly provider: IdentityProvider) {}

  getUser(userId: string): Promise<IdentityUser> {
    return this.provider.getUser(userId);
  }

  /** Applies metadata changes and returns the user as stored afterwards. */
  updateMetadata(userId: string, changes: Partial<Record<MetadataField, Record<string, unknown>>>): Promise<IdentityUser> {
    return this.provider.updateUser(userId, changes);
  }
}
