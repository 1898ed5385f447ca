/**
 * The identity providers the user-management and import suites run against: each turns a service
 * configuration (with its local tenant connections) into one that reaches those connections
 * through that provider.
 */
export interface ProviderUnderTest {
  name: string;
  kind: 'local' | 'auth0';
  configure(document: Record<string, unknown>): unknown;
}

export const PROVIDERS_UNDER_TEST: ProviderUnderTest[] = [{ name: 'the local tenant', kind: 'local', configure: (document) => document }];
