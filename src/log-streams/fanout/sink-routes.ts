import type { AppConfig } from '../../config/config.loader';
import { NATS_SINK, NatsSinkConfig, natsSinkSchema } from '../../config/schema/log-streams.schema';

/** Which events a sink takes: type codes (a trailing `*` matches a prefix, e.g. `limit_*`) and categories (exact or a dotted prefix such as `auth.login`). */
export interface SinkRoute {
  name: string;
  types: string[];
  categories: string[];
}

function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

function categoryMatches(pattern: string, category: string): boolean {
  return category === pattern || category.startsWith(`${pattern}.`);
}

export function routeAccepts(route: SinkRoute, type: string, category: string): boolean {
  if (route.types.length && !route.types.some((p) => typeMatches(p, type))) return false;
  if (route.categories.length && !route.categories.some((p) => categoryMatches(p, category))) return false;
  return true;
}

/** The JetStream sink's settings when it is active: NATS_URL is set and `sinks.nats.enabled` is not false. */
export function natsSinkConfig(config: AppConfig): NatsSinkConfig | null {
  const nats = config.service.sinks.nats ?? natsSinkSchema.parse({});
  return config.env.NATS_URL && nats.enabled ? nats : null;
}

/** The sinks events are forwarded to: every HTTP sink, and NATS JetStream when active. */
export function sinkRoutes(config: AppConfig): SinkRoute[] {
  const routes: SinkRoute[] = config.service.sinks.http.map((s) => ({ name: s.name, types: s.types, categories: s.categories }));
  const nats = natsSinkConfig(config);
  if (nats) routes.push({ name: NATS_SINK, types: nats.types, categories: nats.categories });
  return routes;
}

export function sinksFor(routes: SinkRoute[], type: string, category: string): string[] {
  return routes.filter((route) => routeAccepts(route, type, category)).map((route) => route.name);
}
