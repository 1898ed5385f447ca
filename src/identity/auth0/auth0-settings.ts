import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import type { UpstreamPolicy } from './upstream-fetch';

/** `identityProvider` of type `auth0`, as the adapter uses it. */
@Injectable()
export class Auth0Settings {
  /** Bare tenant host, e.g. `acme.eu.auth0.com`. */
  readonly domain: string;
  /** `iss` of the tenant's tokens. */
  readonly issuer: string;
  /** The gateway's machine-to-machine application for the Management API. */
  readonly managementClient: { clientId: string; clientSecret: string; audience: string };
  readonly policy: UpstreamPolicy;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const provider = config.service.identityProvider;
    if (provider.type !== 'auth0') throw new Error('Auth0Settings needs identityProvider.type "auth0"');
    this.domain = provider.domain;
    this.issuer = `https://${provider.domain}/`;
    this.managementClient = { clientId: provider.clientId, clientSecret: provider.clientSecret, audience: provider.audience ?? `https://${provider.domain}/api/v2/` };
    this.policy = { timeoutMs: provider.timeoutMs, maxRetries: provider.maxRetries, retryBudgetMs: provider.retryBudgetMs };
  }
}
