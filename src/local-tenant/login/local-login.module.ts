import { Module } from '@nestjs/common';
import { AuthorizationCodes } from '../authorization/authorization-codes';
import { AuthorizeWithPassword } from '../authorization/authorize.usecase';
import { ExchangeAuthorizationCode } from '../authorization/exchange-code.usecase';
import { RefreshTokenExchange } from '../refresh-tokens/refresh.usecase';
import { LocalTenantSettingsModule } from '../settings/local-tenant-settings.module';
import { ClientCredentialsGrant } from '../tokens/client-credentials.usecase';
import { LocalTokensModule } from '../tokens/local-tokens.module';
import { LocalUsersModule } from '../users/local-users.module';
import { LoginEvents } from './login-events';
import { LocalLogout } from './logout';
import { PasswordAuthenticator } from './password-authenticator';
import { PasswordLogin } from './password-login.usecase';

/** The grants: password, authorization code (and the login that issues codes), refresh token, client credentials; and logout. */
@Module({
  imports: [LocalTenantSettingsModule, LocalUsersModule, LocalTokensModule],
  providers: [LoginEvents, PasswordAuthenticator, PasswordLogin, AuthorizationCodes, AuthorizeWithPassword, ExchangeAuthorizationCode, RefreshTokenExchange, ClientCredentialsGrant, LocalLogout],
  exports: [PasswordLogin, AuthorizationCodes, AuthorizeWithPassword, ExchangeAuthorizationCode, RefreshTokenExchange, ClientCredentialsGrant, LocalLogout],
})
export class LocalLoginModule {}
