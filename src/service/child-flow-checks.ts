import { type ErrorDetail, ValidationError } from '../domain/errors';
import type { FlowDefinition, SubFlowDefinition } from '../domain/flow/flow-definition';
import { isPlainObject } from '../domain/flow/flow-schema';
import { formatPath } from '../domain/problems/issue-paths';
import { flowOfStateMachineArn, looksLikeArn } from '../domain/state-machine-arn';
import type { FlowStore } from '../ports/flow-store';

type PathSegment = string | number;

/** A `start_flow` task's literal flow id, and where it sits: its path in the flow, and in an imported machine. */
interface LiteralStart {
  flowId: string;
  /** In the flow language: `tasks[1].branches[0].tasks[0]`, … */
  native: PathSegment[];
  /** In Amazon States Language: `States.Both.Branches[0].States.Call`, … */
  asl: PathSegment[];
  /** Written in `jsonpath.parameters` (a JSONPath-mode state's Parameters) rather than `parameters` (Arguments). */
  jsonpath: boolean;
}

/**
 * Refuses, at submission, a `start_flow` task (at any depth of map and parallel tasks) whose
 * literal `flow_id` (or state machine ARN) names no saved flow: a 400 naming the field, nothing
 * written (docs/child-flows.md). A computed id is checked when the step runs
 * (`StateMachineDoesNotExist`). `itself`: the flow being saved, which may start itself. One read
 * per distinct id, for flows that have such tasks only.
 */
export async function checkChildFlowIds(
  flow: FlowDefinition,
  request: unknown,
  flows: Pick<FlowStore, 'loadFlow'>,
  itself?: string,
): Promise<void> {
  const starts = literalStarts(flow);
  const ids = [...new Set(starts.map((s) => s.flowId))].filter((id) => id !== itself);
  if (ids.length === 0) return;
  const found = new Map(await Promise.all(ids.map(async (id) => [id, await flows.loadFlow(id)] as const)));
  const details: ErrorDetail[] = starts
    .filter((s) => s.flowId !== itself && !found.get(s.flowId))
    .map((s) => ({
      path: pathOf(s, request),
      message: `names no saved flow: '${s.flowId}' does not exist (StateMachineDoesNotExist)`,
    }));
  if (details.length > 0)
    throw new ValidationError(`a child flow names no saved flow: ${details.length} problem(s)`, details);
}

/** Where the request wrote the id: the flow's own field, or the imported state's argument. */
function pathOf(start: LiteralStart, request: unknown): string {
  if (isPlainObject(request) && Object.hasOwn(request, 'asl'))
    return formatPath(['asl', ...start.asl, start.jsonpath ? 'Parameters' : 'Arguments', 'StateMachineArn']);
  const prefix = isPlainObject(request) && Object.hasOwn(request, 'flow') ? ['flow'] : [];
  const field = start.jsonpath ? ['jsonpath', 'parameters', 'flow_id'] : ['parameters', 'flow_id'];
  return formatPath([...prefix, ...start.native, ...field]);
}

function literalStarts(flow: SubFlowDefinition, native: PathSegment[] = [], asl: PathSegment[] = []): LiteralStart[] {
  const starts: LiteralStart[] = [];
  flow.tasks.forEach((task, index) => {
    const here = { native: [...native, 'tasks', index], asl: [...asl, 'States', task.name] };
    const fanOut = task.fan_out;
    if (fanOut?.kind === 'parallel')
      fanOut.branches.forEach((branch, b) =>
        starts.push(...literalStarts(branch, [...here.native, 'branches', b], [...here.asl, 'Branches', b])),
      );
    if (fanOut?.kind === 'map')
      starts.push(
        ...literalStarts(fanOut.item_processor, [...here.native, 'item_processor'], [...here.asl, 'ItemProcessor']),
      );
    if (task.task_type !== 'start_flow') return;
    const written = isPlainObject(task.parameters) ? task.parameters.flow_id : undefined;
    const inJsonPath = isPlainObject(task.jsonpath?.parameters) ? task.jsonpath.parameters.flow_id : undefined;
    const literal = written ?? inJsonPath;
    if (typeof literal !== 'string') return;
    const flowId = looksLikeArn(literal) ? flowOfStateMachineArn(literal)?.flow_id : literal;
    if (flowId !== undefined) starts.push({ flowId, ...here, jsonpath: written === undefined });
  });
  return starts;
}
