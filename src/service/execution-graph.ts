import type { ErrorDetail } from '../domain/errors';
import { LIMITS } from '../domain/limits';
import { parseFlowRequest } from '../flow-requests/flow-validation';
import { type ExecutionPath, executionPath, timesTaken } from '../graph/execution-path';
import { type FlowGraph, flowGraph } from '../graph/flow-graph';
import { toMermaid } from '../graph/mermaid';
import type { TaskRegistry } from '../ports/task-registry';
import { fanOutCountsView } from '../views/fan-out-summary';
import { requireExecution } from './execution-lifecycle';
import { recentFanOuts } from './fan-out-queries';
import type { StepDeps } from './step-deps';

export type GraphFormat = 'json' | 'mermaid';

/** The graph as JSON (for a console to lay out) or as Mermaid text (to paste into a README). */
export type RenderedGraph =
  | { format: 'mermaid'; text: string }
  | { format: 'json'; body: ReturnType<typeof graphDocument> & { warnings?: ErrorDetail[] } };

const render = (format: GraphFormat, graph: FlowGraph, path?: ExecutionPath): RenderedGraph =>
  format === 'mermaid' ? { format, text: toMermaid(graph, path) } : { format, body: graphDocument(graph, path) };

/**
 * An execution's flow with what happened: task states from the head, the path from its step
 * records — at most LIMITS.graphMaxSteps of them, so the cost stays bounded (a longer execution's
 * path is marked partial).
 */
export async function executionGraph(
  executionId: string,
  format: GraphFormat,
  deps: Pick<StepDeps, 'store' | 'fanOuts'>,
): Promise<RenderedGraph> {
  const execution = await requireExecution(executionId, deps);
  const [flow, page] = await Promise.all([
    deps.store.loadDefinition(executionId, execution.definition_hash),
    deps.store.stepPage(executionId, {
      fromSeq: 1,
      toSeq: execution.steps_recorded,
      limit: LIMITS.graphMaxSteps,
      maxBytes: LIMITS.maxStepPageBytes,
    }),
  ]);
  const graph = flowGraph(flow);
  // Each map or parallel task's latest run, counted from its fan-out item (no child is read).
  if (graph.tasks.some((t) => t.fan_out && t.group === undefined)) {
    const counts = fanOutCountsView(await recentFanOuts(executionId, deps));
    for (const task of graph.tasks) {
      const run = task.group === undefined ? counts[task.id] : undefined;
      if (task.fan_out && run)
        task.fan_out.counts = { total: run.total, succeeded: run.succeeded, failed: run.failed, aborted: run.aborted };
    }
  }
  return render(format, graph, executionPath(execution, flow, page.steps, page.nextToken !== undefined));
}

/**
 * A flow definition's graph before it runs, or a state machine's (`{ asl }`, as the flow it runs
 * as): validated exactly as for execute (400 with every problem); the JSON carries the
 * validation's warnings too, for the console's check of a flow.
 */
export function definitionGraph(body: unknown, format: GraphFormat, registry: TaskRegistry): RenderedGraph {
  const { flow, warnings } = parseFlowRequest(body, registry, { asl: true });
  const rendered = render(format, flowGraph(flow));
  return rendered.format === 'json' && warnings.length > 0
    ? { ...rendered, body: { ...rendered.body, warnings } }
    : rendered;
}

function graphDocument(graph: FlowGraph, path?: ExecutionPath) {
  return {
    start: graph.start,
    // Only the flow's own tasks have a state: a sub-flow's run in the fan-out's children.
    tasks: graph.tasks.map((t) => ({ ...t, ...(path && t.group === undefined && { state: path.states.get(t.id) }) })),
    groups: graph.groups,
    edges: graph.edges.map((e) => ({ ...e, ...(path && { times_taken: timesTaken(path, e) }) })),
    ...(path && { path_partial: path.partial }),
  };
}
