/**
 * The console's only way to the API: same origin, the key from sessionStorage in the
 * Authorization header (never in a URL), every error answer turned into an ApiError.
 */
const KEY_ITEM = 'flow-manager.api-key';

export const storedKey = (): string | null => sessionStorage.getItem(KEY_ITEM);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_ITEM);

/** Fired when the API refuses the key: the console asks for it again. */
export const KEY_REJECTED = 'flow-console:key-rejected';

/** Where the API is mounted: the console's own path without `/console`. */
export const apiBase = (): string => location.pathname.replace(/\/console\/?$/, '');

export interface ProblemDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ProblemDetail[] = [],
  ) {
    super(message);
  }
}

async function call(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<{ res: Response; text: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${storedKey() ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${apiBase()}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { res, text: await res.text() };
}

let saves = 0;
/** How many PUTs (flow saves) this page made: what it read of the saved flows before is stale after one. */
export const savesMade = (): number => saves;

/** A JSON answer; any error answer is thrown as an ApiError. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const { res, text } = await call(method, path, body);
  if (method === 'PUT' && res.ok) saves++;
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.status === 401) dispatchEvent(new Event(KEY_REJECTED));
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: ProblemDetail[] } } | undefined)
      ?.error;
    throw new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? (text || res.statusText),
      error?.details ?? [],
    );
  }
  return parsed as T;
}

/** A text answer (a Mermaid export). */
export async function apiText(path: string): Promise<string> {
  const { res, text } = await call('GET', path);
  if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, text || res.statusText);
  return text;
}

/** `?a=1&b=2` of the defined values, or ''. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== '',
  );
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
