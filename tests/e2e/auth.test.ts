import { randomUUID } from 'node:crypto';
import { api } from '../support/http';
import { noopFlowBody } from '../support/flows';
import { isPublicRoute, ROUTES } from '../../src/http/routes';

describe('API key authentication', () => {
  it('lets GET /health through without a key', async () => {
    expect((await api('GET', '/health', { auth: false })).status).toBe(200);
  });

  it('answers 401 without an Authorization header', async () => {
    const res = await api('GET', '/api/v1/flows/executions', { auth: false });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });

  it.each([
    ['a wrong key', 'Bearer fm_wrong'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 JSON naming the header for %s', async (_what, authorization) => {
    const res = await api('GET', '/api/v1/flows/executions', { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body.error).toMatchObject({
      code: 'unauthorized',
      details: [{ path: 'headers.authorization', message: expect.any(String) }],
    });
  });

  it('runs nothing for a refused request', async () => {
    const flowId = `unauthorised-${randomUUID()}`;
    for (const route of ['/api/v1/flows/execute', '/flow/create']) {
      const res = await api('POST', route, {
        json: noopFlowBody(flowId, 1),
        headers: { authorization: 'Bearer fm_wrong' },
      });
      expect(res.status).toBe(401);
    }
    const listed = await api('GET', `/api/v1/flows/executions?flow_id=${flowId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.executions).toEqual([]);
  });

  it('cannot be talked round by a forged authorizer context', async () => {
    const res = await api('GET', '/api/v1/flows/executions', {
      headers: {
        authorization: 'Bearer fm_wrong',
        'sls-offline-authorizer-override': JSON.stringify({ lambda: { authenticated: 'yes' } }),
      },
    });
    expect(res.status).toBe(401);
  });

  it('refuses every declared route but the public ones with a wrong key, whatever it would do', async () => {
    const guarded = ROUTES.filter((r) => !isPublicRoute(r));
    expect(guarded.length).toBeGreaterThan(8);
    for (const route of guarded) {
      const path = route.path.replace(/\{[a-z_]+\}/g, 'any-id');
      const res = await api(route.method, path, {
        ...(route.method !== 'GET' && { json: {} }),
        headers: { authorization: 'Bearer fm_wrong' },
      });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });

  it('protects unknown routes and other methods too', async () => {
    expect((await api('GET', '/api/v2/anything', { auth: false })).status).toBe(401);
    expect((await api('GET', '/api/v1/flows/execute', { headers: { authorization: 'Bearer fm_wrong' } })).status).toBe(
      401,
    );
  });
});
