import { reportResult } from './lib/result';
import { load, startServer } from './lib/servers';

// GET /-/healthz throughput of the whole gateway vs a bare Fastify server answering the same JSON,
// each in its own process, with autocannon in this process. Rounds alternate to share the noise.
async function main() {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const gateway = await startServer('gateway');
  const bare = await startServer('bare-healthz');
  const app: number[] = [];
  const base: number[] = [];
  try {
    await load(`${gateway.url}/-/healthz`, { durationSeconds: 2 });
    await load(`${bare.url}/-/healthz`, { durationSeconds: 2 });
    for (let i = 0; i < rounds; i++) {
      const b = await load(`${bare.url}/-/healthz`);
      const a = await load(`${gateway.url}/-/healthz`);
      if (a.errors || a.non2xx || b.errors || b.non2xx) throw new Error('requests failed during the benchmark');
      base.push(b.rps);
      app.push(a.rps);
      console.log(`round ${i + 1}: gateway ${a.rps.toFixed(0)} req/s (p99 ${a.p99} ms), bare ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms)`);
    }
  } finally {
    await gateway.stop();
    await bare.stop();
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  reportResult({ name: 'healthz', metric: 'rps', value: median(app), baseline: median(base), target: 'ratio>=0.6' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
