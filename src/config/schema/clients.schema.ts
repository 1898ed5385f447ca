import { z } from 'zod';
import { ALWAYS } from './refine';

export const SAME_SITE = ['Lax', 'Strict', 'None'] as const;

/** A client type (Mia-Platform `clients` map entry): how one kind of application logs in. */
export const clientSchema = z
  .object({
    /** Provider-side client id and secret. With the local tenant, the client id defaults to the client type name. */
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    /** Base URL of the provider for this client (Mia compatibility); defaults to the identity provider's. */
    auth0Url: z.string().url().optional(),
    audience: z.string().min(1).optional(),
    /** Requested scopes. `website` means browser sessions through the `sid` cookie. */
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'offline_access']),
    redirectUrl: z.string().url().optional(),
    supportedSigningAlgs: z.array(z.string()).default(['RS256']),
    supportedConnections: z.array(z.string().min(1)).default([]),
    defaultConnection: z.string().min(1).optional(),
    sameSite: z.enum(SAME_SITE).default('Lax'),
    authorizeStateRequired: z.boolean().default(false),
    /** Where `/authorize?redirect=` and the callback may send the browser afterwards (exact origins or URL prefixes). */
    allowedRedirectUrls: z.array(z.string().min(1)).default([]),
    allowedLogoutRedirectUrls: z.array(z.string().min(1)).default([]),
    /** Session lifetime for this client, overriding SESSION_DURATION_SECONDS. */
    sessionDurationSeconds: z.number().int().positive().optional(),
    sessionIdleTimeoutSeconds: z.number().int().positive().optional(),
    /** Use the `__Host-sid` cookie name (requires Secure, Path=/ and no Domain). */
    hostPrefixedCookie: z.boolean().default(false),
    metadata: z.record(z.string(), z.string()).default({}),
  })
  .strict()
  .superRefine((client, ctx) => {
    const supported = Array.isArray(client.supportedConnections) ? client.supportedConnections : [];
    if (typeof client.defaultConnection === 'string' && supported.length > 0 && !supported.includes(client.defaultConnection)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultConnection'],
        message: `"${client.defaultConnection}" is not one of supportedConnections (${supported.join(', ')})`,
      });
    }
  }, ALWAYS);

export type ClientConfig = z.infer<typeof clientSchema>;

/** Management API access and which connections internal services may touch. */
export const managementClientSchema = z
  .object({
    auth0Url: z.string().url().optional(),
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    audience: z.string().min(1).optional(),
    supportedConnectionsMap: z.record(z.string().min(1), z.object({ connectionId: z.string().min(1) }).strict()).optional(),
    defaultManagementConnectionName: z.string().min(1).optional(),
    /** Older form, mutually exclusive with supportedConnectionsMap. */
    supportedConnections: z.array(z.string().min(1)).optional(),
    defaultCreateUserConnection: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((mc, ctx) => {
    if (mc.supportedConnectionsMap && (mc.supportedConnections || mc.defaultCreateUserConnection)) {
      ctx.addIssue({
        code: 'custom',
        path: ['supportedConnectionsMap'],
        message: 'use either supportedConnectionsMap/defaultManagementConnectionName or the older supportedConnections/defaultCreateUserConnection, not both',
      });
    }
    const map = mc.supportedConnectionsMap && typeof mc.supportedConnectionsMap === 'object' ? mc.supportedConnectionsMap : undefined;
    if (typeof mc.defaultManagementConnectionName === 'string' && map && !(mc.defaultManagementConnectionName in map)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultManagementConnectionName'],
        message: `"${mc.defaultManagementConnectionName}" is not a key of supportedConnectionsMap`,
      });
    }
    if (typeof mc.defaultCreateUserConnection === 'string' && Array.isArray(mc.supportedConnections) && !mc.supportedConnections.includes(mc.defaultCreateUserConnection)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultCreateUserConnection'],
        message: `"${mc.defaultCreateUserConnection}" is not one of supportedConnections`,
      });
    }
  }, ALWAYS);

export type ManagementClientConfig = z.infer<typeof managementClientSchema>;
