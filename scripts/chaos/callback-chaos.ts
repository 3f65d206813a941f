/**
 * The chaos run's callbacks (docs/callbacks.md): for an execution of a flow whose task waits for a
 * callback, the token is read from the history as an outside party would get it, sent twice at
 * once (a duplicate) and once more after the execution ended (a late one). Exactly one of each
 * token's callbacks must be taken; the others must be refused with TaskTimedOut.
 */

/** The flows whose task waits for a callback, which the run sends (scripts/chaos/callback-chaos.ts). */
export const CALLBACK_KINDS = new Set(['callback_wait']);

export interface CallbackChaosResults {
  /** Tokens answered, callbacks taken (200), and refused with TaskTimedOut (409). */
  tokens: number;
  taken: number;
  refused: number;
  /** Tokens taken other than once, and late callbacks that were not refused. */
  mismatches: number;
}

export const emptyCallbackResults = (): CallbackChaosResults => ({ tokens: 0, taken: 0, refused: 0, mismatches: 0 });

type Post = (path: string, body: unknown) => Promise<{ status: number; code?: string }>;
type Get = (path: string) => Promise<{ events?: Array<{ type: string; detail?: { task_token?: string } }> }>;

/** The token the execution's task waits with, if its history shows one not answered yet. */
export async function waitingToken(get: Get, executionId: string, answered: Set<string>): Promise<string | undefined> {
  const history = await get(`/api/v1/flows/executions/${executionId}/history?limit=100`).catch(() => undefined);
  const event = history?.events?.find(
    (e) => e.type === 'TaskWaitingForCallback' && e.detail?.task_token && !answered.has(e.detail.task_token),
  );
  return event?.detail?.task_token;
}

/** A callback sent until the API answers it (taken, or refused): a 5xx or a lost connection is sent again. */
async function send(post: Post, token: string, output: unknown): Promise<{ status: number; code?: string }> {
  for (let attempt = 0; ; attempt++) {
    const answer = await post('/api/v1/flows/callbacks/success', { task_token: token, output }).catch(() => ({
      status: 0,
    }));
    if ((answer.status > 0 && answer.status < 500) || attempt >= 20) return answer;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sends the token's callback twice at once: exactly one must be taken. */
export async function answerTwice(
  post: Post,
  token: string,
  results: CallbackChaosResults,
  failures: string[],
): Promise<void> {
  results.tokens++;
  const answers = await Promise.all([send(post, token, { approved: true }), send(post, token, { approved: true })]);
  tally(answers, results);
  const taken = answers.filter((a) => a.status === 200).length;
  if (taken !== 1 || answers.some((a) => a.status !== 200 && a.code !== 'TaskTimedOut')) {
    results.mismatches++;
    failures.push(`callback ${token.slice(0, 24)}…: answered ${answers.map((a) => a.code ?? a.status).join(', ')}`);
  }
}

/** A callback after its execution ended: it must be refused. */
export async function answerLate(
  post: Post,
  token: string,
  results: CallbackChaosResults,
  failures: string[],
): Promise<void> {
  const answer = await send(post, token, { late: true });
  tally([answer], results);
  if (answer.code !== 'TaskTimedOut') {
    results.mismatches++;
    failures.push(`late callback ${token.slice(0, 24)}…: answered ${answer.code ?? answer.status}`);
  }
}

function tally(answers: Array<{ status: number; code?: string }>, results: CallbackChaosResults): void {
  for (const answer of answers) {
    if (answer.status === 200) results.taken++;
    else if (answer.code === 'TaskTimedOut') results.refused++;
  }
}
