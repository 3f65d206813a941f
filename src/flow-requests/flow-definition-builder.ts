import type {
  ConditionDefinition,
  FanOutDefinition,
  FlowDefinition,
  SubFlowDefinition,
  TaskDefinition,
} from '../domain/flow/flow-definition';
import type { RawCondition, RawFlow, RawSubFlow, RawTask } from '../domain/flow/flow-schema';
import { LIMITS } from '../domain/limits';
import type { CheckedSubFlow, CheckedTask } from './flow-body-checks';

/**
 * The validated flow, built once every check passed: each task's resolved type and parameters,
 * defaults filled in, a fan-out's sub-flows built the same way. Key order is kept stable: a
 * definition's hash is taken over its JSON.
 */
export function definition(raw: RawFlow, checked: ReadonlyArray<CheckedTask | undefined>): FlowDefinition {
  return {
    id: raw.id,
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    start_task: raw.start_task,
    max_steps: raw.max_steps,
    ...(raw.timeout_seconds !== undefined && { timeout_seconds: raw.timeout_seconds }),
    tasks: tasksOf(raw, checked),
    conditions: raw.conditions.map(conditionDefinition),
  };
}

function body(raw: RawSubFlow, checked: ReadonlyArray<CheckedTask | undefined>): SubFlowDefinition {
  return {
    start_task: raw.start_task,
    tasks: tasksOf(raw, checked),
    conditions: raw.conditions.map(conditionDefinition),
  };
}

const tasksOf = (raw: RawSubFlow, checked: ReadonlyArray<CheckedTask | undefined>): TaskDefinition[] =>
  raw.tasks.map((task, i) => taskDefinition(task, checked[i]!));

function taskDefinition(task: RawTask, checked: CheckedTask): TaskDefinition {
  const fanOut = fanOutDefinition(task, checked);
  // A fan-out runs for as long as it needs unless given a bound; a task has one always.
  const timeout = task.timeout_seconds ?? (fanOut ? undefined : LIMITS.defaultTaskTimeoutSeconds);
  return {
    name: task.name,
    ...(task.description !== undefined && { description: task.description }),
    task_type: checked.task_type,
    parameters: checked.parameters,
    ...(timeout !== undefined && { timeout_seconds: timeout }),
    ...(task.wait_for_callback === true && { wait_for_callback: true }),
    ...(task.heartbeat_seconds !== undefined && { heartbeat_seconds: task.heartbeat_seconds }),
    ...(task.callback_timeout_seconds !== undefined && { callback_timeout_seconds: task.callback_timeout_seconds }),
    ...(task.retry !== undefined && task.retry.length > 0 && { retry: task.retry }),
    ...(task.catch !== undefined && task.catch.length > 0 && { catch: task.catch }),
    ...(task.arguments !== undefined && { arguments: task.arguments }),
    ...(task.output !== undefined && { output: task.output }),
    ...(task.jsonpath !== undefined && { jsonpath: task.jsonpath }),
    ...(task.assign !== undefined && { assign: task.assign }),
    ...(fanOut && { fan_out: fanOut }),
  };
}

function fanOutDefinition(task: RawTask, checked: CheckedTask): FanOutDefinition | undefined {
  const subFlow = ({ parsed, tasks }: CheckedSubFlow) => body(parsed!, tasks);
  if (checked.task_type === 'parallel') return { kind: 'parallel', branches: checked.sub_flows!.map(subFlow) };
  if (checked.task_type !== 'map') return undefined;
  const { tolerated_failure_count: count, tolerated_failure_percentage: percentage } = task;
  return {
    kind: 'map',
    ...(task.items !== undefined && { items: task.items }),
    ...(task.items_path !== undefined && { items_path: task.items_path }),
    ...(task.item_selector !== undefined && { item_selector: task.item_selector }),
    max_concurrency: task.max_concurrency ?? 0,
    ...((count !== undefined || percentage !== undefined) && {
      tolerance: { ...(count !== undefined && { count }), ...(percentage !== undefined && { percentage }) },
    }),
    item_processor: subFlow(checked.sub_flows![0]!),
    ...(task.write_results === true && { write_results: true }),
  };
}

/** The schema has checked that a condition has either choices or an outcome with both targets. */
function conditionDefinition(raw: RawCondition): ConditionDefinition {
  const base = {
    name: raw.name,
    ...(raw.description !== undefined && { description: raw.description }),
    source_task: raw.source_task,
    ...(raw.error !== undefined && { error: raw.error }),
    ...(raw.cause !== undefined && { cause: raw.cause }),
  };
  if (raw.choices !== undefined)
    return {
      ...base,
      // The schema has checked that each rule has exactly one of condition and rule.
      choices: raw.choices.map(({ condition, rule, next, assign }) => ({
        ...(rule !== undefined ? { rule } : { condition: condition! }),
        next,
        ...(assign !== undefined && { assign }),
      })),
      ...(raw.default !== undefined && { default: raw.default }),
      ...(raw.output_path !== undefined && { output_path: raw.output_path }),
      ...(raw.default_assign !== undefined && { default_assign: raw.default_assign }),
      ...(raw.default_output !== undefined && { default_output: raw.default_output }),
    };
  return {
    ...base,
    outcome: raw.outcome!,
    target_task_success: raw.target_task_success!,
    target_task_failure: raw.target_task_failure!,
  };
}
