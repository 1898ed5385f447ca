import { facadeConfigDocument, FACADE_DOMAIN, listenOnLoopback, M2M } from '../utils/auth0-wiring';
import { createTestApp, TestApp } from '../utils/test-app';

type Document = Record<string, unknown> & { localTenant?: Record<string, unknown> };

/** A running provider for a suite: the gateway's configuration, and the local tenant behind it. */
export interface ProviderSetup {
  /** The configuration of the gateway under test. */
  configDocument: Record<string, unknown>;
  /** The app holding the local tenant's data when it is not the gateway itself (the facade's). */
  tenant?: TestApp;
  /** Paths of the HTTP requests the provider was sent (Auth0 adapter only). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * The identity providers the user-management and import suites run against. Each starts from a
 * service configuration whose local tenant connections the suite needs, and answers the gateway's
 * configuration reaching those connections through that provider.
 */
export interface ProviderUnderTest {
  name: string;
  kind: 'local' | 'auth0';
  start(document: Document): Promise<ProviderSetup>;
}

const localTenant: ProviderUnderTest = {
  name: 'the local tenant',
  kind: 'local',
  start: async (document) => ({ configDocument: document, requests: [], close: async () => undefined }),
};

/**
 * The Auth0 adapter with the official SDKs, over HTTP to a second app's local tenant facade: the
 * tenant app holds the suite's connections; the gateway under test has `identityProvider: auth0`.
 * The adapter's fetch is global fetch, so `https://<FACADE_DOMAIN>` is sent to the facade for the
 * suite's duration (other URLs go out unchanged).
 */
const auth0Adapter: ProviderUnderTest = {
  name: "the Auth0 adapter over HTTP to the local tenant's facade",
  kind: 'auth0',
  async start(document) {
    const facade = facadeConfigDocument().localTenant as Record<string, unknown>;
    const tenant = await createTestApp({ configDocument: { ...document, localTenant: { ...document.localTenant, issuerBaseUrl: facade.issuerBaseUrl, argon2: facade.argon2, facade: facade.facade } } });
    const target = await listenOnLoopback(tenant);
    const original = globalThis.fetch;
    const origin = `https://${FACADE_DOMAIN}`;
    const requests: string[] = [];
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url !== origin && !url.startsWith(`${origin}/`)) return original(input, init);
      const rewritten = `${target}${url.slice(origin.length)}`;
      requests.push(new URL(rewritten).pathname);
      return input instanceof Request ? original(new Request(rewritten, input), init) : original(rewritten, init);
    }) as typeof fetch;
    return {
      configDocument: { ...document, identityProvider: { type: 'auth0', domain: FACADE_DOMAIN, clientId: M2M.clientId, clientSecret: M2M.clientSecret } },
      tenant,
      requests,
      async close() {
        globalThis.fetch = original;
        await tenant.close();
      },
    };
  },
};

export const PROVIDERS_UNDER_TEST: ProviderUnderTest[] = [localTenant, auth0Adapter];
