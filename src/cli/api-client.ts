import type { ErrorDetail } from '../domain/errors';
import type { ExecutionSummary } from '../domain/execution/execution';
import type { HistoryEvent } from '../views/history-view';
import type { executionView } from '../views/execution-view';
import { CliError, EXIT } from './exit-codes';

/** The v1 execution document as it crosses the wire; `name` is set by an idempotent start. */
export type ExecutionView = ReturnType<typeof executionView> & { name?: string | null; message?: string };

export interface StartedExecution {
  execution_id: string;
  status: string;
  warnings?: ErrorDetail[];
}

export interface SavedVersion {
  flow_id: string;
  flow_name: string;
  version: number;
  definition_hash: string;
  created: boolean;
  location: string;
  warnings?: ErrorDetail[];
}

export interface HistoryPage {
  execution_id: string;
  events: HistoryEvent[];
  count: number;
  next_token: string | null;
}

export interface ListPage {
  executions: Array<ExecutionSummary & { name?: string | null }>;
  count: number;
  next_token: string | null;
}

type Query = Record<string, string | number | undefined>;

/** An answer of the API other than 2xx, read from its `{ error: { code, message, details } }` body. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    code: string | undefined,
    message: string,
    details: ErrorDetail[] = [],
  ) {
    super(message, EXIT.ERROR, details, code);
    this.name = 'ApiError';
  }
}

/** What a non-2xx body says: our error shape, API Gateway's `{ message }`, or plain text. */
function apiError(status: number, text: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error === 'object') {
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [];
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the API's message, a string, shown as it came
    const shown = String(error.message ?? 'no message');
    return new ApiError(status, typeof error.code === 'string' ? error.code : undefined, shown, details);
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return new ApiError(status, undefined, message);
  return new ApiError(status, undefined, text.trim().slice(0, 500) || `HTTP ${status}`);
}

/** The Flow Manager HTTP API, as the client uses it: one method per route. */
export class ApiClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  startExecution(body: unknown): Promise<StartedExecution & Partial<ExecutionView>> {
    return this.send('POST', '/api/v1/flows/execute', { body });
  }

  /** PUT /api/v1/flows/{flow_id}: the body as a flow file holds it. */
  saveFlow(flowId: string, body: unknown): Promise<SavedVersion> {
    return this.send('PUT', `/api/v1/flows/${encodeURIComponent(flowId)}`, { body });
  }

  /** POST /api/v1/flows/{flow_id}/executions: `{ input?, version?, name? }`. */
  startSavedFlow(
    flowId: string,
    body: { input?: unknown; version?: number; name?: string; test_case?: string },
  ): Promise<StartedExecution & Partial<ExecutionView>> {
    return this.send('POST', `/api/v1/flows/${encodeURIComponent(flowId)}/executions`, { body });
  }

  /** GET /api/v1/flows/{flow_id}: one version's definition (the latest unless given) and a page of versions. */
  savedFlow(
    flowId: string,
    query: { version?: number; limit?: number } = {},
  ): Promise<SavedVersion & { definition: unknown; default_input: Record<string, unknown> }> {
    return this.send('GET', `/api/v1/flows/${encodeURIComponent(flowId)}`, { query });
  }

  execution(
    id: string,
    query: { limit?: number; next_token?: string; wait_seconds?: number } = {},
  ): Promise<ExecutionView> {
    return this.send('GET', `/api/v1/flows/executions/${encodeURIComponent(id)}`, { query });
  }

  history(id: string, query: { limit?: number; next_token?: string } = {}): Promise<HistoryPage> {
    return this.send('GET', `/api/v1/flows/executions/${encodeURIComponent(id)}/history`, { query });
  }

  list(query: Query): Promise<ListPage> {
    return this.send('GET', '/api/v1/flows/executions', { query });
  }

  stop(id: string, reason: { error?: string; cause?: string }): Promise<ExecutionView> {
    // The body is optional on this route: send none rather than an empty object when no reason is given.
    const body = reason.error === undefined && reason.cause === undefined ? undefined : reason;
    return this.send('POST', `/api/v1/flows/executions/${encodeURIComponent(id)}/stop`, { body });
  }

  redrive(id: string): Promise<ExecutionView> {
    return this.send('POST', `/api/v1/flows/executions/${encodeURIComponent(id)}/redrive`, {});
  }

  /** POST /api/v1/flows/callbacks/{kind}: a callback for a task that waits with a token. */
  callback(kind: 'success' | 'failure' | 'heartbeat', body: Record<string, unknown>): Promise<{ message: string }> {
    return this.send('POST', `/api/v1/flows/callbacks/${kind}`, { body });
  }

  private async send<T>(method: string, path: string, options: { query?: Query; body?: unknown }): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) params.set(name, String(value));
    const url = `${this.baseUrl}${path}${params.size > 0 ? `?${params.toString()}` : ''}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(
        `cannot reach the API at ${this.baseUrl} (${reason}); set --api-url or FLOW_API_URL`,
        EXIT.UNREACHABLE,
      );
    }
    const text = await response.text();
    if (!response.ok) throw apiError(response.status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(
        response.status,
        undefined,
        `the API answered ${method} ${path} with something other than JSON: ${text.slice(0, 200)}`,
      );
    }
  }
}
