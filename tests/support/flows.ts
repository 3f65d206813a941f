import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlowDefinition, TaskDefinition } from '../../src/domain/flow/flow-definition';

const SAMPLES = path.join(__dirname, '..', '..', 'flows');

export const sampleFlow = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(SAMPLES, file), 'utf8')) as Record<string, unknown>;

/**
 * The sample flows of flows/: every JSON file but the state machines (`*.asl.json`), which are
 * Step Functions definitions rather than flows (tests/unit/sample-state-machines.test.ts checks those).
 */
export const sampleFlowFiles = (): string[] =>
  readdirSync(SAMPLES).filter((file) => file.endsWith('.json') && !file.endsWith('.asl.json'));

/** A validated-shape flow for engine tests: tasks are noop unless given otherwise. */
export function flowDef(
  partial: Omit<Partial<FlowDefinition>, 'tasks'> & { tasks: Array<string | TaskDefinition> },
): FlowDefinition {
  const tasks = partial.tasks.map((t) =>
    typeof t === 'string' ? { name: t, task_type: 'noop', parameters: {}, timeout_seconds: 30 } : t,
  );
  return {
    id: partial.id ?? 'f',
    name: partial.name ?? 'F',
    start_task: partial.start_task ?? tasks[0]!.name,
    max_steps: partial.max_steps ?? 100,
    tasks,
    conditions: partial.conditions ?? [],
  };
}

export const cond = (source: string, outcome: 'success' | 'failure', onMatch: string, otherwise: string) => ({
  name: `c_${source}`,
  source_task: source,
  outcome,
  target_task_success: onMatch,
  target_task_failure: otherwise,
});

/** The request body of a bare flow of noop tasks run in list order. */
export const noopFlowBody = (id: string, count: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `${id} flow`,
  start_task: 't1',
  tasks: Array.from({ length: count }, (_, i) => ({ name: `t${i + 1}`, task_type: 'noop' })),
  conditions: [],
  ...extra,
});

/** An input of flows/order-jsonpath.asl.json: two lines, for a customer of this tier and amount. */
export const jsonPathOrder = (tier: string, amount: number) => ({
  order_id: 'A-1',
  customer: { name: 'Ada', tier },
  amount,
  lines: [
    { sku: 'tea', quantity: 2 },
    { sku: 'cup', quantity: 1 },
  ],
});
