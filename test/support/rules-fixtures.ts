import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_CONFIG } from '../../src/config/development-config';
import { buildMmdb } from './mmdb-writer';

/** A GeoLite2-City-like database: 203.0.113.0/24 is Berlin, 198.51.100.0/24 is New York. */
export function writeGeoipDatabase(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'agw-geoip-')), 'test-city.mmdb');
  writeFileSync(
    path,
    buildMmdb({
      '203.0.113.0/24': {
        continent: { code: 'EU', names: { en: 'Europe' } },
        country: { iso_code: 'DE', names: { en: 'Germany' } },
        city: { names: { en: 'Berlin' } },
        location: { latitude: 52.52, longitude: 13.405, time_zone: 'Europe/Berlin' },
        subdivisions: [{ iso_code: 'BE', names: { en: 'Berlin' } }],
      },
      '198.51.100.0/24': {
        continent: { code: 'NA', names: { en: 'North America' } },
        country: { iso_code: 'US', names: { en: 'United States' } },
        city: { names: { en: 'New York' } },
        location: { latitude: 40.7128, longitude: -74.006, time_zone: 'America/New_York' },
      },
    }),
  );
  return path;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A loopback HTTP server standing in for the services rules call (profile enrichment, Slack,
 * Mixpanel…): `/profile?email=` answers JSON, `/slow` never answers, `/big` sends 2 MB, `/redirect`
 * points at a host that is not allow-listed, anything else echoes 200 `{"ok": true}`.
 */
export async function startIntegrationServer(): Promise<{ url: string; port: number; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/slow') return; // never answers
      if (url.pathname === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(2 * 1024 * 1024));
        return;
      }
      if (url.pathname === '/redirect') {
        res.writeHead(302, { location: 'http://not-allowed.example/steal' });
        res.end();
        return;
      }
      if (url.pathname === '/profile') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ email: url.searchParams.get('email'), company: 'Acme', title: 'Engineer' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The development configuration with rules settings for the tests. */
export function rulesConfigDocument(rules: Record<string, unknown>): Record<string, unknown> {
  return { ...DEVELOPMENT_CONFIG, rules };
}
