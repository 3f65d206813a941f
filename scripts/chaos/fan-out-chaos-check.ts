import { isDeepStrictEqual } from 'node:util';
import type { ChaosLedger } from '../../src/faults/chaos-ledger';
import { FAN_OUT_EXPECTATIONS, type FanOutExpectation } from './fan-out-chaos-flows';

/** The fan-out figures of chaos-results.json; the last three must be 0. */
export interface FanOutChaosResults {
  /** Executions of the fan-out flows started. */
  parents: number;
  /** Their child executions (branches and items, nested ones included) that were started. */
  children: number;
  /** Children with a task body run more often than once plus once per injected crash of its step. */
  items_run_twice: number;
  /** Parents still not in a terminal state when the run ended. */
  parents_not_terminal: number;
  /**
   * Parents whose status, path or output differs from the expected one, or one of whose children
   * is missing, should not exist, ended in a status its item cannot end in, gave another output,
   * or was left running after its parent ended.
   */
  mismatches: number;
}

export interface FanOutRun {
  id: string;
  kind: string;
  outcome?: { status: string; path: string[]; output?: unknown };
}

/** A GET on the flow service, answering the parsed body (throws on a 4xx or 5xx). */
export type ApiGet = (path: string) => Promise<object>;

interface ChildSummary {
  execution_id: string;
  status: string;
}

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'ABORTED', 'TIMED_OUT'];
/**
 * How long a parent's children may take to settle after it ended. A failed map stops the items
 * its slots run as it joins; an item whose start raced with that join (its head put just after
 * the stop found none) runs to its end instead, and if an invoke of its step was dropped, the
 * sweep finds that only after a minute: so a little more than the sweep's reach.
 */
const SETTLE_MS = 90_000;

/**
 * Equal as JSON values. Both sides are parsed again here first: values read from the API can come
 * from another realm (under jest, Node's fetch parses them outside the test's context), whose
 * objects a strict comparison tells apart by their prototypes.
 */
const reparsed = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
const sameJson = (a: unknown, b: unknown): boolean => isDeepStrictEqual(reparsed(a), reparsed(b));

export const isFanOutKind = (kind: string): boolean => Object.hasOwn(FAN_OUT_EXPECTATIONS, kind);

/**
 * Counts and checks every fan-out run of a chaos run: its children (listed through
 * `?parent_execution_id=`, level by level), each child's runs in the ledger, each child's status
 * and output, and the parent's outcome, against FAN_OUT_EXPECTATIONS. Crashes found in the
 * children's ledgers are added to `crashes`, for the report's crash figures.
 */
export async function checkFanOutRuns(
  runs: FanOutRun[],
  deps: {
    get: ApiGet;
    ledger: Pick<ChaosLedger, 'tally'>;
    failures: string[];
    /** Each fan-out flow's fault-free run: one that differs from its expectation counts as a mismatch too. */
    references?: Record<string, FanOutRun['outcome']>;
  },
): Promise<FanOutChaosResults & { crashes: number; crash_reruns: number }> {
  const results = { parents: 0, children: 0, items_run_twice: 0, parents_not_terminal: 0, mismatches: 0 };
  const crashes = { crashes: 0, crash_reruns: 0 };
  for (const [kind, reference] of Object.entries(deps.references ?? {})) {
    if (!isFanOutKind(kind) || !reference) continue;
    const problems = outcomeProblems(reference, FAN_OUT_EXPECTATIONS[kind]!);
    if (problems.length > 0) results.mismatches++;
    deps.failures.push(...problems.map((p) => `fault-free run of ${kind}: ${p}`));
  }
  for (const run of runs) {
    const expected = FAN_OUT_EXPECTATIONS[run.kind]!;
    results.parents++;
    if (!run.outcome) results.parents_not_terminal++;
    const children = await settledDescendants(run, expected, deps.get);
    results.children += children.length;
    const problems = run.outcome ? outcomeProblems(run.outcome, expected) : [];
    problems.push(...(await childProblems(run, children, expected, deps.get)));
    if (problems.length > 0) {
      results.mismatches++;
      deps.failures.push(...problems.map((p) => `${run.id} (${run.kind}): ${p}`));
    }
    for (const child of children) {
      let twice = false;
      for (const step of await deps.ledger.tally(child.execution_id)) {
        const extra = Math.max(0, step.runs - 1);
        crashes.crashes += step.crashes;
        crashes.crash_reruns += Math.min(extra, step.crashes);
        if (extra > step.crashes) {
          twice = true;
          deps.failures.push(
            `${child.execution_id} (${run.kind}) step ${step.seq}: body ran ${step.runs} times with ${step.crashes} crash(es)`,
          );
        }
      }
      if (twice) results.items_run_twice++;
    }
  }
  return { ...results, ...crashes };
}

function outcomeProblems(outcome: NonNullable<FanOutRun['outcome']>, expected: FanOutExpectation): string[] {
  const problems: string[] = [];
  if (outcome.status !== expected.status) problems.push(`status ${outcome.status}, expected ${expected.status}`);
  if (!sameJson(outcome.path, expected.path))
    problems.push(`path ${outcome.path.join(' → ')}, expected ${expected.path.join(' → ')}`);
  if (!sameJson(outcome.output, expected.output))
    problems.push(`output ${JSON.stringify(outcome.output)}, expected ${JSON.stringify(expected.output)}`);
  return problems;
}

/** The index path of a descendant from its id: `<parent>.<seq>.<index>[.<seq>.<index>…]`. */
const indexPath = (parentId: string, childId: string): number[] =>
  childId
    .slice(parentId.length + 1)
    .split('.')
    .filter((_, i) => i % 2 === 1)
    .map(Number);

async function childProblems(
  run: FanOutRun,
  children: ChildSummary[],
  expected: FanOutExpectation,
  get: ApiGet,
): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const child of children) {
    const at = indexPath(run.id, child.execution_id);
    seen.add(at.join('.'));
    const may = expected.child(at);
    if (!may) {
      problems.push(`child ${child.execution_id} should not exist`);
      continue;
    }
    if (run.outcome && !TERMINAL.includes(child.status)) {
      problems.push(`child ${child.execution_id} is ${child.status} after its parent ended ${run.outcome.status}`);
      continue;
    }
    if (!may.statuses.includes(child.status)) {
      problems.push(`child ${child.execution_id} ended ${child.status}, expected ${may.statuses.join(' or ')}`);
      continue;
    }
    if (child.status === 'SUCCEEDED' && may.output !== undefined) {
      const { output } = (await get(`/api/v1/flows/executions/${child.execution_id}?limit=1`)) as { output?: unknown };
      if (!sameJson(output, may.output))
        problems.push(
          `child ${child.execution_id} output ${JSON.stringify(output)}, expected ${JSON.stringify(may.output)}`,
        );
    }
  }
  if (run.outcome?.status === expected.status)
    for (const required of expected.required)
      if (!seen.has(required.join('.'))) problems.push(`child at index ${required.join('.')} never started`);
  return problems;
}

/**
 * Every descendant of a parent. When the parent ended, a child still running is given a little
 * time to settle (stopping the items a failed map leaves running goes on after its join).
 */
async function settledDescendants(run: FanOutRun, expected: FanOutExpectation, get: ApiGet): Promise<ChildSummary[]> {
  const until = Date.now() + SETTLE_MS;
  // Only a child whose sub-flow holds a fan-out is asked for children of its own.
  const mayHaveChildren = (id: string) => expected.child([...indexPath(run.id, id), 0]) !== undefined;
  for (;;) {
    const children = await descendants(run.id, get, mayHaveChildren);
    if (!run.outcome || children.every((c) => TERMINAL.includes(c.status)) || Date.now() > until) return children;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function descendants(
  parentId: string,
  get: ApiGet,
  mayHaveChildren: (id: string) => boolean,
): Promise<ChildSummary[]> {
  const out: ChildSummary[] = [];
  let token: string | undefined;
  do {
    const page = await get(
      `/api/v1/flows/executions?parent_execution_id=${encodeURIComponent(parentId)}&limit=100${
        token ? `&next_token=${encodeURIComponent(token)}` : ''
      }`,
    );
    const { executions: children, next_token } = page as { executions: ChildSummary[]; next_token?: string | null };
    out.push(...children);
    for (const child of children)
      if (mayHaveChildren(child.execution_id))
        out.push(...(await descendants(child.execution_id, get, mayHaveChildren)));
    token = next_token ?? undefined;
  } while (token);
  return out;
}

/** The fan-out rows of the results table. */
export function fanOutRows(r: FanOutChaosResults): string[] {
  return [
    `| fan-out parents / their children | ${r.parents} / ${r.children} | |`,
    `| fan-out items whose task ran twice | ${r.items_run_twice} | 0 |`,
    `| fan-out parents not terminal | ${r.parents_not_terminal} | 0 |`,
    `| fan-out parents whose outcome, output or children differ from the expected ones | ${r.mismatches} | 0 |`,
  ];
}

export const fanOutGuaranteesHold = (r: FanOutChaosResults): boolean =>
  r.items_run_twice === 0 && r.parents_not_terminal === 0 && r.mismatches === 0;
