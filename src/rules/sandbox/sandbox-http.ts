export interface HttpPolicy {
  /** Exact host names, or `*.example.com` for any subdomain (not the apex); IPv6 in brackets. A `:port` suffix pins the port. */
  allowList: string[];
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface SandboxHttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export type SandboxHttpResponse =
  | { status: number; statusText: string; url: string; redirected: boolean; headers: Record<string, string>; body: string }
  | { error: string; code: string };

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const MAX_REDIRECTS = 5;
const MAX_REQUEST_BODY = 1024 * 1024;
// Headers the client sets itself; a rule may not forge them.
const FORBIDDEN_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'upgrade', 'proxy-authorization', 'te', 'trailer', 'keep-alive']);

/** Whether `host` (lower case, with the URL's port when given) is on the allow-list. */
export function hostAllowed(url: URL, allowList: string[]): boolean {
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port;
  return allowList.some((entry) => {
    // host, host:port, *.suffix, [ipv6] or [ipv6]:port
    const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry.toLowerCase()) ?? /^([^:]+)(?::(\d+))?$/.exec(entry.toLowerCase()) ?? [entry, entry.toLowerCase()];
    const pattern = match[1];
    const pinnedPort = match[2];
    if (pinnedPort !== undefined && pinnedPort !== port) return false;
    if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1;
    return hostname === pattern;
  });
}

function failure(code: string, error: string): SandboxHttpResponse {
  return { code, error };
}

async function readLimited(response: Response, limit: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The only network access rules and actions have: http(s) to allow-listed hosts, redirects followed
 * only to allow-listed hosts, a timeout, and a cap on the response size. Failures are answers
 * (`{error, code}`) for the guest, never exceptions in the host.
 */
export async function sandboxHttp(request: SandboxHttpRequest, policy: HttpPolicy, signal?: AbortSignal): Promise<SandboxHttpResponse> {
  const method = String(request.method ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) return failure('EINVALIDMETHOD', `HTTP method ${method} is not allowed`);
  let url: URL;
  try {
    url = new URL(String(request.url));
  } catch {
    return failure('EINVALIDURL', `Invalid URL: ${String(request.url)}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const key = name.toLowerCase();
    if (FORBIDDEN_HEADERS.has(key) || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key)) continue;
    headers[key] = String(value).replace(/[\r\n]/g, ' ');
  }
  const body = request.body === undefined || method === 'GET' || method === 'HEAD' ? undefined : String(request.body);
  if (body !== undefined && Buffer.byteLength(body) > MAX_REQUEST_BODY) return failure('EBODYTOOLARGE', 'request body is larger than 1 MB');
  const timeoutMs = Math.min(policy.timeoutMs, request.timeoutMs && request.timeoutMs > 0 ? Number(request.timeoutMs) : policy.timeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;

  let currentMethod = method;
  let currentBody = body;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return failure('EPROTOCOL', `protocol ${url.protocol} is not allowed`);
    if (!hostAllowed(url, policy.allowList)) return failure('EHOSTNOTALLOWED', `outbound requests to ${url.host} are not allowed (rules.httpAllowList)`);
    let response: Response;
    try {
      response = await fetch(url, { method: currentMethod, headers, body: currentBody, redirect: 'manual', signal: combined });
    } catch (error) {
      if (timeout.aborted) return failure('ETIMEDOUT', `request to ${url.host} timed out after ${timeoutMs} ms`);
      if (signal?.aborted) return failure('ECANCELED', 'the request was cancelled: the rule finished or ran out of time');
      return failure('ECONNECTION', `request to ${url.host} failed: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => undefined);
      url = new URL(location, url);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = undefined;
      }
      continue;
    }
    let text: string | null;
    try {
      text = await readLimited(response, policy.maxResponseBytes);
    } catch {
      if (timeout.aborted) return failure('ETIMEDOUT', `request to ${url.host} timed out after ${timeoutMs} ms`);
      return failure('ECONNECTION', `reading the response of ${url.host} failed`);
    }
    if (text === null) return failure('ERESPONSETOOLARGE', `the response of ${url.host} is larger than ${policy.maxResponseBytes} bytes`);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name] = value));
    return { status: response.status, statusText: response.statusText, url: url.href, redirected: hop > 0, headers: responseHeaders, body: text };
  }
  return failure('ETOOMANYREDIRECTS', `more than ${MAX_REDIRECTS} redirects`);
}
