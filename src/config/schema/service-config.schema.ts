import { z } from 'zod';
import { ALWAYS } from './refine';
import { clientSchema, managementClientSchema } from './clients.schema';
import { identityProviderSchema } from './identity-provider.schema';
import { localTenantSchema } from './local-tenant.schema';
import { logStreamsSchema, sinksSchema } from './log-streams.schema';
import { rulesSchema } from './rules.schema';

/** The service configuration file (CONFIG_PATH), after `${VAR}` interpolation. Unknown keys are errors. */
export const serviceConfigSchema = z
  .object({
    identityProvider: identityProviderSchema,
    clients: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'client type names use letters, digits, - and _'), clientSchema).default({}),
    defaultClient: z.string().min(1).optional(),
    managementClient: managementClientSchema.default({}),
    customClaimsNamespaces: z.array(z.string().min(1)).default([]),
    localTenant: localTenantSchema.default(localTenantSchema.parse({})),
    logStreams: logStreamsSchema.default(logStreamsSchema.parse({})),
    sinks: sinksSchema.default(sinksSchema.parse({})),
    rules: rulesSchema.default(rulesSchema.parse({})),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const clients = cfg.clients && typeof cfg.clients === 'object' ? cfg.clients : {};
    if (typeof cfg.defaultClient === 'string' && !(cfg.defaultClient in clients)) {
      ctx.addIssue({ code: 'custom', path: ['defaultClient'], message: `"${cfg.defaultClient}" is not a key of clients` });
    }
    const connections = Array.isArray(cfg.localTenant?.connections) ? cfg.localTenant.connections : [];
    if (cfg.identityProvider?.type === 'local') {
      const names = new Set(connections.map((c) => c?.name));
      for (const [type, client] of Object.entries(clients)) {
        (Array.isArray(client?.supportedConnections) ? client.supportedConnections : []).forEach((name, i) => {
          if (!names.has(name)) {
            ctx.addIssue({ code: 'custom', path: ['clients', type, 'supportedConnections', i], message: `no local tenant connection named "${name}"` });
          }
        });
      }
      (Array.isArray(cfg.localTenant?.seedUsers) ? cfg.localTenant.seedUsers : []).forEach((u, i) => {
        if (!names.has(u?.connection)) {
          ctx.addIssue({ code: 'custom', path: ['localTenant', 'seedUsers', i, 'connection'], message: `no local tenant connection named "${u.connection}"` });
        }
      });
    }
  }, ALWAYS);

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
