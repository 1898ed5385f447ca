import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asJsonLines } from '../support/auth0-events';
import { configWith, postBatch, sampleRecords } from '../support/log-streams';
import { writeCountryDatabase } from '../support/mmdb';
import { createTestApp, TestApp } from '../utils/test-app';

describe('the country of events, from Auth0 or a GeoIP database (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agw-countries-'));
  const database = join(dir, 'countries.mmdb');
  let t: TestApp;

  beforeAll(async () => {
    writeCountryDatabase(database, { '81.2.69.0/24': 'GB', '114.76.0.0/16': 'AU' });
    t = await createTestApp({ configDocument: configWith({ logStreams: { geoIpDatabase: database, retentionMonths: 600 } }) });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("looks up the IP of events without location_info, and keeps Auth0's country when it is there", async () => {
    const samples = sampleRecords();
    const { log_id: _sampleId, ...fpData } = samples[0].data;
    const located = { log_id: '90020211103082515482106767167326018758436529088273399999', data: { ...fpData, location_info: { country_code: 'FR' } } };
    expect((await postBatch(t, asJsonLines([...samples, located]))).json()).toMatchObject({ accepted: 7 });
    const countries = Object.fromEntries((await t.prisma.logEvent.findMany()).map((e) => [e.logId, e.country]));
    expect(countries[samples[0].log_id]).toBe('GB'); // fp from 81.2.69.143
    expect(countries[samples[4].log_id]).toBe('AU'); // seacft from 114.76.60.57
    expect(countries[samples[3].log_id]).toBeNull(); // ss from 35.160.3.103: not in the database
    expect(countries[samples[5].log_id]).toBeNull(); // fn: no IP at all
    expect(countries[located.log_id]).toBe('FR');

    const stats = await t.admin({ method: 'GET', url: '/events/stats?groupBy=country&from=2021-11-01T00:00:00Z&to=2021-11-05T00:00:00Z' });
    expect(stats.json().buckets).toEqual([
      { key: 'GB', count: 3 },
      { key: null, count: 2 },
      { key: 'AU', count: 1 },
      { key: 'FR', count: 1 },
    ]);
  });
});
