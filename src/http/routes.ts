/**
 * The API's routes, as serverless.yml declares them (tests/unit/serverless-config.test.ts checks
 * the two agree). The fallback function uses it to tell 405 (known path, other method) from 404.
 */
export const ROUTES = [
  { method: 'GET', path: '/health', fn: 'health' },
  { method: 'POST', path: '/api/v1/flows/execute', fn: 'executeFlow' },
  { method: 'GET', path: '/api/v1/flows/executions', fn: 'listExecutions' },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}', fn: 'getExecution' },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}/history', fn: 'getHistory' },
  { method: 'POST', path: '/api/v1/flows/executions/{execution_id}/stop', fn: 'stopExecution' },
  { method: 'POST', path: '/api/v1/flows/executions/{execution_id}/redrive', fn: 'redriveExecution' },
  { method: 'GET', path: '/api/v1/flows/executions/{execution_id}/graph', fn: 'executionGraph' },
  { method: 'POST', path: '/api/v1/flows/graph', fn: 'flowGraph' },
  { method: 'POST', path: '/flow/create', fn: 'flowCreate' },
  { method: 'POST', path: '/flow/execute', fn: 'flowExecute' },
  { method: 'GET', path: '/flow/{execution_id}/status', fn: 'flowStatus' },
  { method: 'DELETE', path: '/flow/{execution_id}', fn: 'flowDelete' },
] as const;

const patternOf = (path: string) => new RegExp(`^${path.replace(/\{[a-z_]+\}/g, '[^/]+')}/?$`);

/** Methods declared for a concrete request path; empty when no route has that path. */
export function allowedMethods(requestPath: string): string[] {
  return ROUTES.filter((r) => patternOf(r.path).test(requestPath)).map((r) => r.method);
}
