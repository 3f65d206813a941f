import { END, FAIL, type FlowDefinition, isChoiceCondition } from '../domain/flow-definition';
import { conditionFor, taskAfter } from '../domain/routing';

/** Where an edge may lead besides a task: the execution's successful end, or its failure. */
export const END_NODE = '(end)';
export const FAIL_NODE = '(fail)';

export type EdgeKind = 'next' | 'success' | 'failure' | 'choice' | 'default' | 'retry' | 'catch';

export interface GraphEdge {
  from: string;
  /** A task name, END_NODE or FAIL_NODE. */
  to: string;
  kind: EdgeKind;
  label: string;
}

export interface FlowGraph {
  start: string;
  /** `arguments`: the task's arguments (or parameters) as defined, before any expression is evaluated. */
  tasks: Array<{ name: string; task_type: string; arguments?: unknown }>;
  edges: GraphEdge[];
}

const node = (target: string) => (target === END ? END_NODE : target === FAIL ? FAIL_NODE : target);

/**
 * The flow as a graph, edge for edge as the engine routes (src/engine/next-transition.ts): retries
 * (a loop on the task), catchers, then the task's condition — outcome targets, choice rules and
 * default — or, without one, the next task in the list on success. Unhandled failures, which end
 * the execution FAILED, are not drawn. Pure.
 */
export function flowGraph(flow: FlowDefinition): FlowGraph {
  const edges: GraphEdge[] = [];
  for (const task of flow.tasks) {
    const from = task.name;
    for (const retrier of task.retry ?? []) {
      edges.push({ from, to: from, kind: 'retry', label: `retry ${retrier.error_equals.join(', ')} ×${retrier.max_attempts}` });
    }
    for (const catcher of task.catch ?? []) {
      edges.push({ from, to: node(catcher.next), kind: 'catch', label: `catch ${catcher.error_equals.join(', ')}` });
    }
    const condition = conditionFor(flow, from);
    if (!condition) {
      edges.push({ from, to: node(taskAfter(flow, from) ?? END), kind: 'next', label: 'success' });
    } else if (isChoiceCondition(condition)) {
      condition.choices.forEach((rule, i) => edges.push({ from, to: node(rule.next), kind: 'choice', label: `rule ${i}` }));
      if (condition.default !== undefined) edges.push({ from, to: node(condition.default), kind: 'default', label: 'default' });
    } else {
      const other = condition.outcome === 'success' ? 'failure' : 'success';
      edges.push({ from, to: node(condition.target_task_success), kind: condition.outcome, label: condition.outcome });
      edges.push({ from, to: node(condition.target_task_failure), kind: other, label: other });
    }
  }
  return { start: flow.start_task, tasks: flow.tasks.map(graphTask), edges };
}

function graphTask(task: FlowDefinition['tasks'][number]) {
  const args = task.arguments ?? task.parameters;
  return { name: task.name, task_type: task.task_type, ...(args !== undefined && { arguments: args }) };
}
