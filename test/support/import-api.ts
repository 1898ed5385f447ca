import type { LightMyRequestResponse } from 'fastify';
import type { IdentityProvider } from '../../src/identity/identity-provider.port';
import type { TestApp } from '../utils/test-app';

export interface ImportJobBody {
  id: string;
  status: string;
  summary: { inserted: number; updated: number; failed: number; total: number };
  percentage_done: number;
  chunks: Array<{ index: number; status: string; provider_job_id?: string; first_user: number; users: number; bytes: number; attempts: number; interrupted_submissions: number; error?: string; summary?: unknown; submitted_at?: string }>;
  [field: string]: unknown;
}

export const importStatus = async (t: TestApp, id: string): Promise<ImportJobBody> => (await t.admin({ method: 'GET', url: `/users/import/status/${id}` })).json() as ImportJobBody;

/** Polls an import until it has finished. */
export async function importFinished(t: TestApp, id: string, timeoutMs = 60_000): Promise<ImportJobBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await importStatus(t, id);
    if (job.status === 'completed' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status}: ${JSON.stringify(job.chunks.map((c) => c.status))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const postImport = (t: TestApp, payload: unknown): Promise<LightMyRequestResponse> => t.admin({ method: 'POST', url: '/users/import', payload: payload as object });

/**
 * Watches the provider jobs the gateway runs, through the identity port: a job counts as running
 * from the moment the provider accepted it until the gateway has seen it finished. One tracker can
 * watch the providers of several apps (an app and the one that replaces it).
 */
export class ProviderJobTracker {
  readonly running = new Set<string>();
  readonly submitted: string[] = [];
  maxRunning = 0;
  busyAnswers = 0;

  watch(idp: IdentityProvider): void {
    const create = idp.createImportJob.bind(idp);
    const get = idp.getImportJob.bind(idp);
    jestSpy(idp, 'createImportJob', async (input) => {
      try {
        const job = await create(input);
        this.submitted.push(job.id);
        this.running.add(job.id);
        this.maxRunning = Math.max(this.maxRunning, this.running.size);
        return job;
      } catch (error) {
        if ((error as { getStatus?: () => number }).getStatus?.() === 429) this.busyAnswers++;
        throw error;
      }
    });
    jestSpy(idp, 'getImportJob', async (id) => {
      const job = await get(id);
      if (job.status === 'completed' || job.status === 'failed') this.running.delete(job.id);
      return job;
    });
  }
}

function jestSpy<K extends 'createImportJob' | 'getImportJob'>(idp: IdentityProvider, method: K, implementation: IdentityProvider[K]): void {
  jest.spyOn(idp, method).mockImplementation(implementation as never);
}
