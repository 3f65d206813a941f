/**
 * The API's routes, as serverless.yml declares them (tests/unit/serverless-config.test.ts checks
 * the two agree). The fallback function uses it to tell 405 (known path, other method) from 404,
 * and the OpenAPI document describes exactly these. `public` routes take no API key; `childIds`
 * routes only read an execution, and take a child execution's id too (readExecutionIdParam).
 */
export const ROUTES = [
  { method: 'GET', path: '/health', fn: 'health', public: true },
  { method: 'GET', path: '/openapi.json', fn: 'openApi', public: true },
  { method: 'GET', path: '/docs', fn: 'docs', public: true },
  { method: 'GET', path: '/docs/{asset}', fn: 'docs', public: true },
  { method: 'GET', path: '/console', fn: 'console', public: true },
  { method: 'GET', path: '/console/{asset}', fn: 'console', public: true },
  { method: 'GET', path: '/', fn: 'console', public: true },
  { method: 'GET', path: '/favicon.ico', fn: 'console', public: true },
  { method: 'POST', path: '/api/v1/flows/execute', fn: 'executeFlow' },
  { method: 'GET', path: '/api/v1/flows/executions', fn: 'listExecutions' },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}', fn: 'getExecution', childIds: true },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}/history', fn: 'getHistory', childIds: true },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}/children', fn: 'getChildren', childIds: true },
  { method: 'POST', path: '/api/v1/flows/executions/{execution_id}/stop', fn: 'stopExecution' },
  { method: 'POST', path: '/api/v1/flows/executions/{execution_id}/redrive', fn: 'redriveExecution' },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}/graph', fn: 'executionGraph', childIds: true },
  { method: 'POST', path: '/api/v1/flows/callbacks/success', fn: 'taskCallback' },
  { method: 'POST', path: '/api/v1/flows/callbacks/failure', fn: 'taskCallback' },
  { method: 'POST', path: '/api/v1/flows/callbacks/heartbeat', fn: 'taskCallback' },
  { method: 'POST', path: '/api/v1/flows/graph', fn: 'flowGraph' },
  { method: 'POST', path: '/api/v1/flows/asl', fn: 'flowAsl' },
  { method: 'GET', path: '/api/v1/flows', fn: 'listFlows' },
  { method: 'PUT', path: '/api/v1/flows/{flow_id}', fn: 'saveFlow' },
  { method: 'GET', path: '/api/v1/flows/{flow_id}', fn: 'getFlow' },
  { method: 'POST', path: '/api/v1/flows/{flow_id}/executions', fn: 'startFlow' },
  { method: 'POST', path: '/flow/create', fn: 'flowCreate' },
  { method: 'POST', path: '/flow/execute', fn: 'flowExecute' },
  { method: 'GET', path: '/flow/{execution_id}/status', fn: 'flowStatus', childIds: true },
  { method: 'DELETE', path: '/flow/{execution_id}', fn: 'flowDelete' },
] as const;

export type Route = (typeof ROUTES)[number];
/** `METHOD /path` of each route (distributed over the routes, not every method with every path). */
export type RouteKey = Route extends infer R ? (R extends Route ? `${R['method']} ${R['path']}` : never) : never;

export const routeKey = (route: Route): RouteKey => `${route.method} ${route.path}` as RouteKey;

export const isPublicRoute = (route: Route): boolean => 'public' in route && route.public;

export const takesChildIds = (route: Route): boolean => 'childIds' in route && route.childIds;

const patternOf = (path: string) => new RegExp(`^${path.replace(/\{[a-z_]+\}/g, '[^/]+')}/?$`);

/** 1 per fixed segment, 0 per variable: compared in order, a fixed segment outranks a variable one. */
const specificity = (path: string): number[] => path.split('/').map((segment) => (segment.startsWith('{') ? 0 : 1));

const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/**
 * Methods declared for a concrete request path; empty when no route has that path. Where a fixed
 * path and a variable one both match (`/api/v1/flows/execute` and `/api/v1/flows/{flow_id}`), the
 * fixed one is the path's route, as in the gateway's own choice.
 */
export function allowedMethods(requestPath: string): string[] {
  const matching = ROUTES.filter((r) => patternOf(r.path).test(requestPath));
  const best = matching
    .map((r) => specificity(r.path))
    .reduce<number[] | undefined>((top, s) => (!top || compare(s, top) > 0 ? s : top), undefined);
  return [...new Set(matching.filter((r) => best && compare(specificity(r.path), best) === 0).map((r) => r.method))];
}
