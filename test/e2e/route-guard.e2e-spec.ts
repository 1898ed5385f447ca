import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, REQUIRED_SCOPES } from '../../src/common/admin-auth/auth.decorators';
import { createTestApp, TestApp } from '../utils/test-app';

interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  scopes: string[] | undefined;
}

/** Every route the application registers through its controllers, with its security metadata. */
function discoverRoutes(t: TestApp): RouteInfo[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const paths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      for (const prefix of prefixes) {
        for (const path of paths) {
          routes.push({
            method: RequestMethod[method],
            path: `/${[prefix, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`,
            isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler as never, metatype]) === true,
            scopes: reflector.getAllAndOverride<string[]>(REQUIRED_SCOPES, [handler as never, metatype]),
          });
        }
      }
    }
  }
  return routes;
}

describe('every route is either guarded by admin key scopes or explicitly public', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds the application routes', () => {
    const routes = discoverRoutes(t);
    expect(routes.length).toBeGreaterThan(5);
    expect(routes).toEqual(expect.arrayContaining([expect.objectContaining({ method: 'GET', path: '/admin/api-keys', scopes: ['admin'] })]));
  });

  it('has no route that is neither @Public() nor @RequireScopes(...)', () => {
    const undecided = discoverRoutes(t).filter((r) => !r.isPublic && !(r.scopes && r.scopes.length > 0));
    expect(undecided.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers 401 without a key on every guarded route', async () => {
    const guarded = discoverRoutes(t).filter((r) => !r.isPublic);
    for (const route of guarded) {
      const url = route.path.replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000').replace(/\*.*$/, 'x');
      const res = await t.inject({ method: route.method as 'GET', url, payload: ['GET', 'DELETE', 'HEAD'].includes(route.method) ? undefined : {} });
      expect({ route: `${route.method} ${route.path}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    }
  });
});
