import { Module } from '@nestjs/common';
import { Auth0Authentication } from './auth0-authentication';
import { Auth0Calls } from './auth0-calls';
import { Auth0IdTokens } from './auth0-id-tokens';
import { Auth0IdentityProvider } from './auth0-identity-provider';
import { Auth0Management } from './auth0-management';
import { Auth0Settings } from './auth0-settings';
import { AUTH0_FETCH } from './upstream-fetch';

/** The Auth0 adapter of the identity port. AUTH0_FETCH is global fetch unless a test provides another. */
@Module({
  providers: [
    { provide: AUTH0_FETCH, useValue: ((input, init) => fetch(input, init)) as typeof fetch },
    Auth0Settings,
    Auth0Calls,
    Auth0Authentication,
    Auth0Management,
    Auth0IdTokens,
    Auth0IdentityProvider,
  ],
  exports: [Auth0IdentityProvider],
})
export class Auth0IdentityModule {}
