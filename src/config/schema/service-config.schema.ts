import { z } from 'zod';
import { connectionId } from '../../local-tenant/import/connection-lookup';
import { ALWAYS } from './refine';
import { clientSchema, managementClientSchema } from './clients.schema';
import { identityProviderSchema } from './identity-provider.schema';
import { localTenantSchema } from './local-tenant.schema';
import { logStreamsSchema, sinksSchema } from './log-streams.schema';
import { rulesSchema } from './rules.schema';
import { userImportSchema } from './user-import.schema';

/** With the local tenant, the connections internal services manage must be its connections, with their ids. */
function checkManagementConnections(management: unknown, connections: ReadonlyArray<{ name?: unknown; id?: unknown }>, ctx: z.RefinementCtx): void {
  const mc = (management && typeof management === 'object' ? management : {}) as { supportedConnectionsMap?: unknown; supportedConnections?: unknown };
  const byName = new Map(connections.filter((c) => typeof c?.name === 'string').map((c) => [c.name as string, c]));
  const map = mc.supportedConnectionsMap && typeof mc.supportedConnectionsMap === 'object' ? (mc.supportedConnectionsMap as Record<string, { connectionId?: unknown }>) : {};
  for (const [name, entry] of Object.entries(map)) {
    const local = byName.get(name);
    if (!local) {
      ctx.addIssue({ code: 'custom', path: ['managementClient', 'supportedConnectionsMap', name], message: `no local tenant connection named "${name}"` });
      continue;
    }
    const id = connectionId({ name, id: typeof local.id === 'string' ? local.id : undefined });
    if (typeof entry?.connectionId === 'string' && entry.connectionId !== id) {
      ctx.addIssue({ code: 'custom', path: ['managementClient', 'supportedConnectionsMap', name, 'connectionId'], message: `the local tenant connection "${name}" has the id ${id}` });
    }
  }
  (Array.isArray(mc.supportedConnections) ? mc.supportedConnections : []).forEach((name, i) => {
    if (!byName.has(name)) ctx.addIssue({ code: 'custom', path: ['managementClient', 'supportedConnections', i], message: `no local tenant connection named "${name}"` });
  });
}

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
    userImport: userImportSchema.default(userImportSchema.parse({})),
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
      checkManagementConnections(cfg.managementClient, connections, ctx);
      (Array.isArray(cfg.localTenant?.seedUsers) ? cfg.localTenant.seedUsers : []).forEach((u, i) => {
        if (!names.has(u?.connection)) {
          ctx.addIssue({ code: 'custom', path: ['localTenant', 'seedUsers', i, 'connection'], message: `no local tenant connection named "${u.connection}"` });
        }
      });
    }
  }, ALWAYS);

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
