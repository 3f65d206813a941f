import { END, FAIL, type FlowDefinition, isChoiceCondition } from '../domain/flow/flow-definition';
import { conditionFor, taskAfter } from '../domain/flow/routing';

/** Where an edge may lead besides a task: the execution's successful end, or its failure. */
export const END_NODE = '(end)';
export const FAIL_NODE = '(fail)';

export type EdgeKind = 'next' | 'success' | 'failure' | 'choice' | 'default' | 'retry' | 'catch';

export interface GraphEdge {
  from: string;
  /** A task name, END_NODE or FAIL_NODE. */
  to: string;
  kind: EdgeKind;
  /** Short enough to draw; a choice rule's condition is cut (its whole text is in `condition`). */
  label: string;
  /** A choice edge: the rule's index in the condition's `choices`, and its condition as written. */
  rule?: number;
  condition?: string;
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
 * the execution FAILED, are not drawn; a condition's failure side into `end` is drawn into the
 * fail node, as it ends the execution FAILED too. Pure.
 */
export function flowGraph(flow: FlowDefinition): FlowGraph {
  const edges: GraphEdge[] = [];
  for (const task of flow.tasks) {
    const from = task.name;
    for (const retrier of task.retry ?? []) {
      edges.push({
        from,
        to: from,
        kind: 'retry',
        label: `retry ${retrier.error_equals.join(', ')} ×${retrier.max_attempts}`,
      });
    }
    for (const catcher of task.catch ?? []) {
      edges.push({ from, to: node(catcher.next), kind: 'catch', label: `catch ${catcher.error_equals.join(', ')}` });
    }
    const condition = conditionFor(flow, from);
    if (!condition) {
      edges.push({ from, to: node(taskAfter(flow, from) ?? END), kind: 'next', label: 'success' });
    } else if (isChoiceCondition(condition)) {
      condition.choices.forEach((rule, i) =>
        edges.push({
          from,
          to: node(rule.next),
          kind: 'choice',
          label: choiceLabel(rule.condition),
          rule: i,
          condition: rule.condition,
        }),
      );
      if (condition.default !== undefined)
        edges.push({ from, to: node(condition.default), kind: 'default', label: 'default' });
    } else {
      const other = condition.outcome === 'success' ? 'failure' : 'success';
      edges.push({
        from,
        to: outcomeNode(condition.target_task_success, condition.outcome),
        kind: condition.outcome,
        label: condition.outcome,
      });
      edges.push({ from, to: outcomeNode(condition.target_task_failure, other), kind: other, label: other });
    }
  }
  return { start: flow.start_task, tasks: flow.tasks.map(graphTask), edges };
}

/** A failure routed to `end` finishes the execution FAILED (next-transition.ts): it is drawn into the fail node. */
const outcomeNode = (target: string, outcome: 'success' | 'failure') =>
  target === END && outcome === 'failure' ? FAIL_NODE : node(target);

const CHOICE_LABEL_LENGTH = 30;

/** A choice rule's condition as an edge label: without its `{% %}`, spaces folded, cut to about 30 characters. */
export function choiceLabel(condition: string): string {
  const text = condition
    .replace(/^\s*\{%([\s\S]*)%\}\s*$/, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length <= CHOICE_LABEL_LENGTH
    ? text
    : `${chars
        .slice(0, CHOICE_LABEL_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}

function graphTask(task: FlowDefinition['tasks'][number]) {
  const args = task.arguments ?? task.parameters;
  return { name: task.name, task_type: task.task_type, arguments: args };
}
