/** Admin API key scopes. `admin` manages the keys themselves. */
export const ADMIN_SCOPES = ['admin', 'users:read', 'users:write', 'jobs:read', 'jobs:write', 'events:read', 'sessions', 'rules'] as const;
export type AdminScope = (typeof ADMIN_SCOPES)[number];
