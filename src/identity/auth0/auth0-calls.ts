import { Inject, Injectable } from '@nestjs/common';
import { Auth0Settings } from './auth0-settings';
import { Auth0Api, upstreamIdentityError } from './upstream-errors';
import { AUTH0_FETCH, UpstreamTransport } from './upstream-fetch';
import type { FetchFunction, UpstreamCall } from './upstream-fetch';

/**
 * Runs the adapter's calls to Auth0: gives the SDKs their fetch (retries, timeouts, JSON checks)
 * and turns whatever they throw into the port's IdentityError.
 */
@Injectable()
export class Auth0Calls {
  private readonly transport: UpstreamTransport;

  constructor(@Inject(AUTH0_FETCH) fetch: FetchFunction, private readonly settings: Auth0Settings) {
    this.transport = new UpstreamTransport(fetch, settings.policy);
  }

  /** The fetch every SDK instance of the adapter is created with. */
  get fetch(): FetchFunction {
    return this.transport.fetch;
  }

  authentication<T>(work: (call: UpstreamCall) => Promise<T>): Promise<T> {
    return this.run('authentication', work);
  }

  management<T>(work: (call: UpstreamCall) => Promise<T>): Promise<T> {
    return this.run('management', work);
  }

  private run<T>(api: Auth0Api, work: (call: UpstreamCall) => Promise<T>): Promise<T> {
    return this.transport.run(async (call) => {
      try {
        return await work(call);
      } catch (error) {
        throw upstreamIdentityError(error, call, api, this.settings.policy.timeoutMs);
      }
    });
  }
}
