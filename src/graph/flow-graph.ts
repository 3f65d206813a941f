import {
  END,
  FAIL,
  type FanOutDefinition,
  type FlowDefinition,
  type SubFlowDefinition,
  type TaskDefinition,
  isAslChoiceRule,
  isChoiceCondition,
  RAISE_ERROR,
} from '../domain/flow/flow-definition';
import { conditionFor, taskAfter } from '../domain/flow/routing';
import type { ChildCounts } from '../engine/fan-out/fan-out-counts';
import { effectiveConcurrency } from '../engine/fan-out/concurrency-window';
import { aslRuleText } from './asl-rule-text';
import { NodeIds } from './node-ids';

/** Where an edge may lead besides a task: the execution's successful end, or its failure. */
export const END_NODE = '(end)';
export const FAIL_NODE = '(fail)';

export type EdgeKind = 'next' | 'success' | 'failure' | 'choice' | 'default' | 'retry' | 'catch';

export interface GraphEdge {
  /** A task's id. */
  from: string;
  /** A task's id, or the end or fail node of the edge's own flow: END_NODE, FAIL_NODE, or a sub-flow's `end` / `fail`. */
  to: string;
  kind: EdgeKind;
  /** Short enough to draw; a choice rule's condition is cut (its whole text is in `condition`). */
  label: string;
  /**
   * A choice edge: the rule's index in the condition's `choices`, and its condition as written (a
   * States Language `rule` as one line of text, src/graph/asl-rule-text.ts).
   */
  rule?: number;
  condition?: string;
  /** The sub-flow (a `groups` id) the edge is drawn in; absent at the flow's top level. An edge never leaves its sub-flow. */
  group?: string;
}

/** What a parallel or map task fans out to. */
export interface GraphFanOut {
  kind: 'parallel' | 'map';
  /** Its sub-flows' ids in `groups`: a parallel's branches in order, a map's one item processor. */
  groups: string[];
  /** A map: how many items run at once (`max_concurrency`, 0 and above the bound meaning the bound). */
  max_concurrency?: number;
  /**
   * How the fan-out's children have ended, on an execution's graph, from the fan-out's counts;
   * left out on a definition's graph and until the task runs.
   */
  counts?: ChildCounts;
}

export interface GraphTask {
  /**
   * Unique in the graph: a top-level task's id is its name; a sub-flow's task's is qualified by
   * its sub-flow's id (`each/each item/charge`, see NodeIds).
   */
  id: string;
  name: string;
  task_type: string;
  /** The task's arguments (or parameters) as defined, before any expression is evaluated. */
  arguments?: unknown;
  /** The sub-flow (a `groups` id) the task is in; absent at the flow's top level. */
  group?: string;
  /** A parallel or map task: drawn as a box holding its sub-flows. */
  fan_out?: GraphFanOut;
}

/**
 * A sub-flow of a fan-out task (a parallel's branch, a map's item processor): a flow of its own,
 * with its own start and its own end and fail nodes (its `end` ends the branch or iteration, its
 * `fail` fails it, never the execution).
 */
export interface GraphGroup {
  id: string;
  /** The fan-out task holding it. */
  task: string;
  /** `branch 1`, `branch 2`, …; a map's: `<map name>: for each item, at most <n> at once`. */
  label: string;
  /** Its start task's id. */
  start: string;
  /** The ids its edges lead to for `end` and `fail` (drawn inside it, when an edge leads there). */
  end: string;
  fail: string;
}

export interface FlowGraph {
  start: string;
  /** Every task: the flow's own in order, then each of its sub-flows' the same way, depth first. */
  tasks: GraphTask[];
  /** Every sub-flow, outermost first; empty for a flow without fan-outs. */
  groups: GraphGroup[];
  edges: GraphEdge[];
}

/** How one flow's names map to node ids: its tasks', and its own end and fail. */
interface Scope {
  group?: string;
  ids: Map<string, string>;
  end: string;
  fail: string;
}

/**
 * The flow as a graph, edge for edge as the engine routes (src/engine/next-transition.ts): retries
 * (a loop on the task), catchers, then the task's condition — outcome targets, choice rules and
 * default — or, without one, the next task in the list on success. Unhandled failures, which end
 * the execution FAILED, are not drawn; a condition's failure side into `end` is drawn into the
 * fail node, as it ends the execution FAILED too. A fan-out task's sub-flows are drawn the same
 * way, each a group of its own whose edges stay inside it. Pure.
 */
export function flowGraph(flow: FlowDefinition): FlowGraph {
  const ids = new NodeIds();
  ids.reserve([...flow.tasks.map((t) => t.name), END_NODE, FAIL_NODE]);
  const graph: FlowGraph = { start: flow.start_task, tasks: [], groups: [], edges: [] };
  const top: Scope = { ids: new Map(flow.tasks.map((t) => [t.name, t.name])), end: END_NODE, fail: FAIL_NODE };
  drawFlow(flow, top, graph, ids);
  return graph;
}

/** One flow's tasks and edges, then its fan-outs' sub-flows, each in a group of its own. */
function drawFlow(flow: SubFlowDefinition, scope: Scope, graph: FlowGraph, ids: NodeIds): void {
  const group = scope.group !== undefined ? { group: scope.group } : {};
  const fanOuts: Array<[GraphTask & { fan_out: GraphFanOut }, TaskDefinition, FanOutDefinition]> = [];
  for (const task of flow.tasks) {
    const id = scope.ids.get(task.name)!;
    const drawn: GraphTask = { id, ...graphTask(task), ...group };
    if (task.fan_out)
      fanOuts.push([Object.assign(drawn, { fan_out: { kind: task.fan_out.kind, groups: [] } }), task, task.fan_out]);
    graph.tasks.push(drawn);
  }
  graph.edges.push(...flowEdges(flow, scope).map((e) => ({ ...e, ...group })));
  for (const [{ id: taskId, fan_out: drawn }, task, fanOut] of fanOuts) {
    const subFlows = fanOut.kind === 'parallel' ? fanOut.branches : [fanOut.item_processor];
    if (fanOut.kind === 'map') drawn.max_concurrency = effectiveConcurrency(fanOut.max_concurrency);
    subFlows.forEach((subFlow, i) => {
      const label =
        fanOut.kind === 'parallel'
          ? `branch ${i + 1}`
          : `${task.name}: for each item, at most ${drawn.max_concurrency} at once`;
      const groupId = ids.take(`${taskId}/${fanOut.kind === 'parallel' ? label : 'each item'}`);
      const end = ids.take(`${groupId}/${END_NODE}`);
      const inner: Scope = { group: groupId, ids: new Map(), end, fail: ids.take(`${groupId}/${FAIL_NODE}`) };
      for (const t of subFlow.tasks) inner.ids.set(t.name, ids.take(`${groupId}/${t.name}`));
      drawn.groups.push(groupId);
      graph.groups.push({
        id: groupId,
        task: taskId,
        label,
        start: inner.ids.get(subFlow.start_task)!,
        end: inner.end,
        fail: inner.fail,
      });
      drawFlow(subFlow, inner, graph, ids);
    });
  }
}

/** One flow's edges, between its own tasks and its own end and fail. */
function flowEdges(flow: SubFlowDefinition, scope: Scope): GraphEdge[] {
  const node = (target: string) => (target === END ? scope.end : target === FAIL ? scope.fail : scope.ids.get(target)!);
  /** A failure routed to `end` finishes the flow FAILED (next-transition.ts): it is drawn into the fail node. */
  const outcomeNode = (target: string, outcome: 'success' | 'failure') =>
    target === END && outcome === 'failure' ? scope.fail : node(target);
  const edges: GraphEdge[] = [];
  for (const task of flow.tasks) {
    const from = node(task.name);
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
    const condition = conditionFor(flow, task.name);
    if (!condition && task.task_type === RAISE_ERROR) {
      // It never succeeds: what follows it in the list is not where it goes.
      edges.push({ from, to: node(FAIL), kind: 'failure', label: 'failure' });
    } else if (!condition) {
      edges.push({ from, to: node(taskAfter(flow, task.name) ?? END), kind: 'next', label: 'success' });
    } else if (isChoiceCondition(condition)) {
      condition.choices.forEach((rule, i) => {
        // A States Language rule is shown as one line of text (`$.kind StringEquals "a"`).
        const text = isAslChoiceRule(rule) ? aslRuleText(rule.rule) : rule.condition;
        edges.push({ from, to: node(rule.next), kind: 'choice', label: choiceLabel(text), rule: i, condition: text });
      });
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
  return edges;
}

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
