/**
 * Realistic Auth0 log-stream records for tests and benchmarks: the fields Auth0 sends for each type,
 * with users, clients, IPs and user agents drawn from small pools, deterministic for a given seed.
 */
import { gzipSync } from 'node:zlib';

export interface LogStreamRecord {
  log_id: string;
  data: Record<string, unknown>;
}

/** Twenty of the most frequent type codes of a busy tenant, most frequent first. */
export const COMMON_TYPES = [
  's',
  'ssa',
  'seacft',
  'sertft',
  'fsa',
  'slo',
  'seccft',
  'mgmt_api_read',
  'fp',
  'f',
  'fu',
  'sapi',
  'ss',
  'feacft',
  'fertft',
  'sepft',
  'scp',
  'fs',
  'limit_wc',
  'pwd_leak',
] as const;

/** Relative frequency of COMMON_TYPES in generated traffic. */
const WEIGHTS = [30, 14, 12, 10, 6, 5, 5, 4, 4, 2, 2, 1.5, 1.5, 1, 1, 0.5, 0.5, 0.3, 0.1, 0.1];

export const TENANT = 'acme-prod';
export const HOSTNAME = 'acme-prod.eu.auth0.com';

const CLIENTS = [
  { id: 'aI61p8I8aFjmYRliLWgvM9ev97kCCNDB', name: 'Web Shop' },
  { id: '360yuN1BXP4u3tBChK5VOgekgGJ7CwLL', name: 'Mobile App' },
  { id: 'Zc3PmNq8xR2sT4vW6yA8bD0eF2gH4jK6', name: 'Back Office' },
];
const M2M = { id: 'mQ8r2Tn5vX7zB9dF1hJ3kL5nP7rS9tV1', name: 'Billing Service' };
const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'okhttp/4.12.0',
];
const COUNTRIES = [
  { code: 'DE', name: 'Germany', city: 'Berlin', lat: 52.52, lon: 13.405, tz: 'Europe/Berlin' },
  { code: 'FR', name: 'France', city: 'Paris', lat: 48.8566, lon: 2.3522, tz: 'Europe/Paris' },
  { code: 'US', name: 'United States', city: 'Boston', lat: 42.3601, lon: -71.0589, tz: 'America/New_York' },
  { code: 'IT', name: 'Italy', city: 'Milan', lat: 45.4642, lon: 9.19, tz: 'Europe/Rome' },
];
const DATABASE = { name: 'Username-Password-Authentication', id: 'con_1a5wCUmAs6VOU17n' };

/** A small deterministic pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 56-digit log id as Auth0 makes them: 900, the timestamp, then digits (unique per `sequence`). */
export function logIdFor(date: Date, sequence: number, salt = 0): string {
  const stamp = date.toISOString().replace(/[-:TZ.]/g, '').slice(0, 17);
  return `900${stamp}${String(salt).padStart(6, '0')}${String(sequence).padStart(30, '0')}`.slice(0, 56);
}

export interface EventOptions {
  date: Date;
  /** Distinguishes events (part of the log id). */
  sequence: number;
  /** Index of the user in the pool of `users`. */
  user?: number;
  users?: number;
  /** Index of the IP in a pool; defaults to one per user. */
  ip?: number;
  random?: () => number;
  salt?: number;
}

export function userOf(index: number): { id: string; email: string } {
  return { id: `auth0|${(0x6182002f34f4dd006b05b5c7n + BigInt(index)).toString(16).padStart(24, '0')}`, email: `user${index}@example.com` };
}

export function ipOf(index: number): string {
  return `81.${2 + ((index >> 16) & 0xff)}.${(index >> 8) & 0xff}.${index & 0xff}`;
}

/** One realistic record of `type`. */
export function auth0Event(type: string, options: EventOptions): LogStreamRecord {
  const random = options.random ?? seededRandom(options.sequence + 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const userIndex = options.user ?? Math.floor(random() * (options.users ?? 1000));
  const user = userOf(userIndex);
  const client = pick(CLIENTS);
  const country = COUNTRIES[userIndex % COUNTRIES.length];
  const ip = ipOf(options.ip ?? userIndex);
  const userAgent = pick(USER_AGENTS);
  const logId = logIdFor(options.date, options.sequence, options.salt);
  const sessionId = `${logId.slice(-24)}`;
  const base: Record<string, unknown> = {
    date: options.date.toISOString(),
    type,
    description: '',
    connection: DATABASE.name,
    connection_id: DATABASE.id,
    client_id: client.id,
    client_name: client.name,
    ip,
    user_agent: userAgent,
    hostname: HOSTNAME,
    user_id: user.id,
    user_name: user.email,
    strategy: 'auth0',
    strategy_type: 'database',
    tenant_name: TENANT,
    environment_name: 'prod-eu-1',
    $event_schema: { version: '1.0.0' },
    location_info: {
      country_code: country.code,
      country_code3: { DE: 'DEU', FR: 'FRA', US: 'USA', IT: 'ITA' }[country.code],
      country_name: country.name,
      city_name: country.city,
      latitude: country.lat,
      longitude: country.lon,
      time_zone: country.tz,
      continent_code: country.code === 'US' ? 'NA' : 'EU',
    },
    log_id: logId,
  };
  const audience = `https://api.acme.example/`;
  const prompts = [{ name: 'login', completedAt: options.date.getTime() - 1200, elapsedTime: 1180, initiatedAt: options.date.getTime() - 2380, stats: { loginsCount: 12 }, user_id: user.id, user_name: user.email, session_id: sessionId, requiredCaptcha: false }];
  const byType: Record<string, Record<string, unknown>> = {
    s: { description: 'Successful login', details: { prompts, initiatedAt: options.date.getTime() - 2400, completedAt: options.date.getTime(), elapsedTime: 2400, session_id: sessionId, stats: { loginsCount: 12 } } },
    ssa: { description: 'Successful silent authentication', details: { prompts: [], completedAt: options.date.getTime(), elapsedTime: null, session_id: sessionId } },
    fsa: { description: 'Login required', audience, scope: ['openid', 'profile', 'email'], details: { body: {}, qs: { client_id: client.id, response_type: 'code', prompt: 'none' }, error: { message: 'Login required', oauthError: 'login_required', type: 'oauth-authorization' } } },
    seacft: { description: 'Authorization Code for Access Token', audience, scope: 'openid profile email offline_access', details: { code: '*************Ua3' } },
    feacft: { description: 'Invalid authorization code', audience, details: { code: '*************9xQ' } },
    sertft: { description: 'Refresh Token for Access Token', audience, scope: 'openid profile email offline_access', details: { actions: { executions: [] } } },
    fertft: { description: 'Unknown or invalid refresh token.', audience, details: { actions: { executions: [] } } },
    seccft: { description: 'Client Credentials for Access Token', audience, scope: 'read:invoices', client_id: M2M.id, client_name: M2M.name, user_id: undefined, user_name: undefined, connection: undefined, connection_id: undefined, strategy: undefined, strategy_type: undefined, details: { actions: { executions: [] } } },
    sepft: { description: 'Password for Access Token', audience, scope: 'openid profile email', details: { actions: { executions: [] } } },
    slo: { description: 'User successfully logged out', details: { return_to: 'https://shop.acme.example/', allowed_logout_url: ['https://shop.acme.example/'], session_id: sessionId } },
    f: { description: 'Callback URL mismatch.', details: { body: {}, qs: { client_id: client.id, response_type: 'code' }, error: { message: 'Callback URL mismatch.', oauthError: 'unauthorized_client', type: 'callback-url-mismatch' } } },
    fp: { description: 'Wrong email or password.', details: { error: { message: 'Wrong email or password.' } } },
    fu: { description: 'Wrong email or password.', user_id: undefined, details: { error: { message: 'Wrong email or password.' } } },
    mgmt_api_read: {
      description: 'Get users',
      client_id: M2M.id,
      client_name: M2M.name,
      details: {
        accessedSecrets: [],
        request: { method: 'get', path: '/api/v2/users', query: { q: `email:"${user.email}"` }, userAgent: 'node-auth0/4.12.0', channel: 'api', ip, auth: { user: `${M2M.id}@clients`, strategy: 'jwt', credentials: { jti: logId.slice(-32) } } },
        response: { statusCode: 200, body: [] },
      },
    },
    sapi: {
      description: 'Update a user',
      client_id: M2M.id,
      client_name: M2M.name,
      details: { request: { method: 'patch', path: `/api/v2/users/${user.id}`, body: { user_metadata: { plan: 'pro' } }, channel: 'api', ip }, response: { statusCode: 200, body: { user_id: user.id } } },
    },
    ss: { description: '', details: { body: { client_id: client.id, tenant: TENANT, email: user.email, password: '*****', connection: DATABASE.name } } },
    fs: { description: 'The user already exists.', details: { body: { client_id: client.id, tenant: TENANT, email: user.email, password: '*****', connection: DATABASE.name }, error: { message: 'The user already exists.' } } },
    scp: { description: 'Password changed', details: { body: { email: user.email, connection: DATABASE.name } } },
    limit_wc: { description: `Too many failed login attempts for this account; ${user.email} was blocked`, details: { ip, attempts: 10 } },
    pwd_leak: { description: 'This login attempt was blocked because the password you are using was previously disclosed through a data breach (not in this application).', details: { ip } },
  };
  const data = { ...base, ...(byType[type] ?? { description: `Event ${type}` }) };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return { log_id: logId, data };
}

export interface TrafficOptions {
  from: Date;
  to: Date;
  users?: number;
  seed?: number;
  /** Part of every log id, so separate runs do not collide. */
  salt?: number;
  /** Size of the whole series when it is generated in several calls (dates spread over all of it). */
  total?: number;
}

/** `count` records of COMMON_TYPES in their usual proportions, dated evenly between `from` and `to`. */
export function traffic(count: number, options: TrafficOptions, offset = 0): LogStreamRecord[] {
  const random = seededRandom((options.seed ?? 7) + offset);
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  const span = options.to.getTime() - options.from.getTime();
  return Array.from({ length: count }, (_, i) => {
    let roll = random() * total;
    let index = 0;
    while (roll > WEIGHTS[index] && index < WEIGHTS.length - 1) roll -= WEIGHTS[index++];
    const sequence = offset + i;
    const date = new Date(options.from.getTime() + Math.floor((span * (sequence + 0.5)) / (options.total ?? offset + count)));
    return auth0Event(COMMON_TYPES[index], { date, sequence, users: options.users, random, salt: options.salt });
  });
}

export const asJsonLines = (records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
export const asJsonArray = (records: unknown[]) => JSON.stringify(records);
export const asJsonObject = (records: unknown[]) => JSON.stringify({ logs: records });
export const gzip = (text: string) => gzipSync(Buffer.from(text, 'utf8'));
