import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { JWK } from 'jose';
import { Public } from '../../../common/admin-auth/auth.decorators';
import { LocalDiscovery } from '../../tokens/discovery';
import { LocalSigningKeys } from '../../tokens/signing-keys';
import { AuthenticationApiErrorFilter } from './authentication-api-error.filter';

/** The local tenant's OpenID Provider metadata and signing keys, where Auth0 serves them. */
@ApiExcludeController()
@Public()
@UseFilters(AuthenticationApiErrorFilter)
@Controller('.well-known')
export class FacadeWellKnownController {
  constructor(
    private readonly discovery: LocalDiscovery,
    private readonly keys: LocalSigningKeys,
  ) {}

  @Get('openid-configuration')
  @Header('cache-control', 'public, max-age=60')
  openIdConfiguration(): Record<string, unknown> {
    return this.discovery.openIdConfiguration();
  }

  /** The next key is published before it signs anything, so a minute of caching never misses a key. */
  @Get('jwks.json')
  @Header('cache-control', 'public, max-age=60')
  jwks(): Promise<{ keys: JWK[] }> {
    return this.keys.jwks();
  }
}
