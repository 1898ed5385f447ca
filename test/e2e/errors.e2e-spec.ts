import { Controller, Get, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Public } from '../../src/common/admin-auth/auth.decorators';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter';
import { createTestApp, expectErrorBody, TestApp } from '../utils/test-app';

describe('the error body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers an unknown route with 404 route_not_found', async () => {
    expectErrorBody(await t.inject({ method: 'GET', url: '/no/such/route' }), 404, 'route_not_found');
  });

  it('answers malformed JSON with 400 and an unsupported media type with 415', async () => {
    const headers = { authorization: 'Bearer test-admin-key-0123456789abcdef', 'content-type': 'application/json' };
    expectErrorBody(await t.inject({ method: 'POST', url: '/admin/api-keys', headers, payload: '{"name": ' }), 400, 'invalid_json');
    expectErrorBody(
      await t.inject({ method: 'POST', url: '/admin/api-keys', headers: { ...headers, 'content-type': 'application/x-unknown' }, payload: 'x' }),
      415,
      'unsupported_media_type',
    );
  });

  it('answers a body over the limit with 413', async () => {
    const headers = { authorization: 'Bearer test-admin-key-0123456789abcdef', 'content-type': 'application/json' };
    const payload = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), scopes: ['admin'] });
    expectErrorBody(await t.inject({ method: 'POST', url: '/admin/api-keys', headers, payload }), 413, 'payload_too_large');
  });
});

@Controller('boom')
@Public()
class BoomController {
  @Get()
  explode(): never {
    throw new Error('connection string postgresql://user:hunter2@db/internal failed');
  }
}

@Module({ controllers: [BoomController], providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }] })
class BoomModule {}

describe('an unexpected error', () => {
  it('answers 500 internal_error without any internal detail', async () => {
    const app = await NestFactory.create<NestFastifyApplication>(BoomModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const res = await app.inject({ method: 'GET', url: '/boom' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: expect.stringContaining('request id'),
        errorCode: 'internal_error',
        requestId: expect.any(String),
      });
      expect(res.body).not.toContain('hunter2');
      expect(res.body).not.toContain('postgresql');
    } finally {
      await app.close();
    }
  });
});
