import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { facadeConfigDocument } from '../utils/auth0-wiring';

/**
 * The tenant both runs of the contract suite use: a public client type (`spa`, no secret) besides the
 * development ones, and small import batches, so that jobs stay running long enough to meet the 2-job limit.
 */
export function contractConfigDocument(): Record<string, unknown> {
  const document = facadeConfigDocument({ localTenant: { importJobs: { batchSize: 5 } } });
  const spa = { scopes: ['openid', 'profile', 'email', 'offline_access'], supportedConnections: ['Username-Password-Authentication'], defaultConnection: 'Username-Password-Authentication' };
  return { ...document, clients: { ...DEVELOPMENT_CONFIG.clients, spa } };
}
