/* Pure, so that unit tests read it without the browser's types (preact's hooks bring the DOM's). */

/** The console's pages, addressed by the URL's hash so that the one HTML page serves them all. */
export type Route =
  | { page: 'executions'; filters: Record<string, string> }
  | { page: 'execution'; id: string }
  | { page: 'children'; id: string; task: string; status: string }
  | { page: 'flows' }
  | { page: 'flow'; id: string }
  | { page: 'new' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'executions' && parts[1] && parts[2] === 'children') {
    const params = new URLSearchParams(query);
    return { page: 'children', id: parts[1], task: params.get('task') ?? '', status: params.get('status') ?? '' };
  }
  if (parts[0] === 'executions' && parts[1]) return { page: 'execution', id: parts[1] };
  if (parts[0] === 'flows' && parts[1]) return { page: 'flow', id: parts[1] };
  if (parts[0] === 'flows') return { page: 'flows' };
  if (parts[0] === 'new') return { page: 'new' };
  return { page: 'executions', filters: Object.fromEntries(new URLSearchParams(query)) };
}
