import { facadeConfigDocument } from '../utils/auth0-wiring';

/** The tenant both runs of the contract suite use: small import batches, so that jobs stay running long enough to meet the 2-job limit. */
export function contractConfigDocument(): Record<string, unknown> {
  return facadeConfigDocument({ localTenant: { importJobs: { batchSize: 5 } } });
}
