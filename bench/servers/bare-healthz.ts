import Fastify from 'fastify';

// Baseline: a bare Fastify server answering what GET /-/healthz answers.
const app = Fastify({ logger: false });
app.get('/-/healthz', async () => ({ status: 'ok' }));
app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  process.stdout.write(`LISTENING ${(app.server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
