/** The chaos run's calls of the API: its answers as the run reads them. */

/** The fields of the API's answers read here: execution_id when starting, the rest when polling. */
export interface ApiAnswer {
  execution_id?: unknown;
  status: string;
  task_results: Array<{ task_name: string }>;
  error?: string | null;
  error_code?: string | null;
  output?: unknown;
}

/** A POST answered with its status and error code, a refusal included. */
export async function answerOf(url: string, apiKey: string, body: unknown): Promise<{ status: number; code?: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  return { status: res.status, ...(json.error?.code !== undefined && { code: json.error.code }) };
}

export async function http(method: string, url: string, apiKey: string, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(json)}`);
  return json as ApiAnswer;
}
