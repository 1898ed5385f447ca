import { classifyError } from './error-classifier';

/** A Prisma raw-query failure as the client raises it when the driver adapter fails. */
function rawQueryError(cause: Record<string, unknown>): Error {
  return Object.assign(new Error('Raw query failed.'), { name: 'PrismaClientKnownRequestError', code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });
}

describe('classifyError: the database being unavailable is a 503', () => {
  it.each([
    ['a server shutting down', { kind: 'postgres', code: '57P03', message: 'the database system is shutting down' }],
    ['a closed connection', { kind: 'ConnectionClosed' }],
    ['an unreachable server', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }],
  ])('maps %s reported through a raw query', (_case, cause) => {
    expect(classifyError(rawQueryError(cause))).toMatchObject({ status: 503, errorCode: 'database_unavailable', headers: { 'retry-after': '5' } });
  });

  it('keeps other raw-query failures as 500', () => {
    expect(classifyError(rawQueryError({ kind: 'postgres', code: '42P01', message: 'relation does not exist' }))).toMatchObject({ status: 500, errorCode: 'internal_error' });
  });
});
