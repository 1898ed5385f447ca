import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiError } from '../../common/errors/api-error';
import { IDENTITY_PROVIDER, IdentityProvider } from '../../identity/identity-provider.port';
import type { IdentityUser } from '../../identity/identity.types';

export type MetadataField = 'app_metadata' | 'user_metadata';

/**
 * Where rules read users and write their metadata: the identity provider port (Auth0 or the local
 * tenant). Metadata merges at the first level and `null` deletes a key, as on Auth0.
 */
@Injectable()
export class RuleUserStore {
  constructor(private readonly moduleRef: ModuleRef) {}

  private provider(): IdentityProvider {
    try {
      return this.moduleRef.get<IdentityProvider>(IDENTITY_PROVIDER, { strict: false });
    } catch {
      throw new ApiError(503, 'identity_provider_unavailable', 'No identity provider is configured: users cannot be read or updated.');
    }
  }

  getUser(userId: string): Promise<IdentityUser> {
    return this.provider().getUser(userId);
  }

  /** Applies metadata changes and returns the user as stored afterwards. */
  updateMetadata(userId: string, changes: Partial<Record<MetadataField, Record<string, unknown>>>): Promise<IdentityUser> {
    return this.provider().updateUser(userId, changes);
  }
}
