import { Module } from '@nestjs/common';
import { RefreshTokens } from '../refresh-tokens/refresh-tokens';
import { LocalTenantSettingsModule } from '../settings/local-tenant-settings.module';
import { LocalUsersModule } from '../users/local-users.module';
import { LocalDiscovery } from './discovery';
import { LocalTokens } from './local-tokens';
import { LocalSigningKeys } from './signing-keys';
import { UserTokenIssuer } from './user-token-issuer';
import { LocalUserInfo } from './user-info';

/** Signing keys, JWT signing and verification, refresh tokens, JWKS and discovery documents, /userinfo. */
@Module({
  imports: [LocalTenantSettingsModule, LocalUsersModule],
  providers: [LocalSigningKeys, LocalTokens, LocalDiscovery, RefreshTokens, UserTokenIssuer, LocalUserInfo],
  exports: [LocalSigningKeys, LocalTokens, LocalDiscovery, RefreshTokens, UserTokenIssuer, LocalUserInfo],
})
export class LocalTokensModule {}
