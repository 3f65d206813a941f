import { LAMBDA_INVOKE } from './asl-definition';

/**
 * Where each imported task and condition came from, by index, to name problems in the definition's
 * terms: for a flow, or for one of its sub-flows (a branch, an item processor), `base` being the
 * path of the machine they are the states of.
 */
export interface FlowPaths {
  base: string;
  tasks: Array<{
    path: string;
    type: string;
    resource?: unknown;
    /** A fan-out's sub-flows by our field (`branches[0]`, `item_processor`), and its processor's field. */
    subFlows?: Record<string, FlowPaths>;
    processor?: 'ItemProcessor' | 'Iterator';
  }>;
  conditions: string[];
}

/** Our field names as the definition's. */
const FIELDS: Record<string, string> = {
  retry: 'Retry',
  catch: 'Catch',
  error_equals: 'ErrorEquals',
  interval_seconds: 'IntervalSeconds',
  max_attempts: 'MaxAttempts',
  backoff_rate: 'BackoffRate',
  max_delay_seconds: 'MaxDelaySeconds',
  jitter: 'JitterStrategy',
  next: 'Next',
  timeout_seconds: 'TimeoutSeconds',
  output: 'Output',
  assign: 'Assign',
  default_assign: 'Assign',
  default_output: 'Output',
  description: 'Comment',
  choices: 'Choices',
  condition: 'Condition',
  default: 'Default',
  branches: 'Branches',
  items: 'Items',
  item_selector: 'ItemSelector',
  max_concurrency: 'MaxConcurrency',
  tolerated_failure_percentage: 'ToleratedFailurePercentage',
  tolerated_failure_count: 'ToleratedFailureCount',
  result_path: 'ResultPath',
  items_path: 'ItemsPath',
  output_path: 'OutputPath',
  rule: '',
  name: '',
};

/** A task's `jsonpath` fields as the JSONPath state's. */
const JSONPATH_FIELDS: Record<string, string> = {
  input_path: 'InputPath',
  parameters: 'Parameters',
  result_selector: 'ResultSelector',
  result_path: 'ResultPath',
  output_path: 'OutputPath',
  result: 'Result',
  seconds_path: 'SecondsPath',
  timestamp_path: 'TimestampPath',
  timeout_seconds_path: 'TimeoutSecondsPath',
  assign: 'Assign',
};

/**
 * `flow.tasks[2].retry[0].interval_seconds` → `asl.States.charge.Retry[0].IntervalSeconds`: the
 * flow validation's paths, for a flow that came from a definition, sub-flows included
 * (`flow.tasks[0].branches[1].tasks[0]` → `asl.States.Both.Branches[1].States.fetch`). Paths it
 * cannot place keep our names under the state's path.
 */
export function remapPath(path: string, paths: FlowPaths): string {
  const flowField = /^flow\.(timeout_seconds|name|id)$/.exec(path);
  if (flowField) return { timeout_seconds: 'asl.TimeoutSeconds', name: 'asl.Comment', id: 'asl' }[flowField[1]!]!;
  if (path !== 'flow' && !path.startsWith('flow.') && !path.startsWith('flow[')) return path;
  return remapBody(path.slice('flow'.length), paths) ?? path;
}

/** `rest`: a path within a flow's or sub-flow's body, from just after it (`.tasks[1].retry`). */
function remapBody(rest: string, paths: FlowPaths): string | undefined {
  if (rest === '') return paths.base;
  if (rest === '.start_task') return `${paths.base}.StartAt`;
  if (rest === '.tasks' || rest === '.conditions') return `${paths.base}.States`;
  const match = /^\.(tasks|conditions)\[(\d+)\](.*)$/.exec(rest);
  if (!match) return undefined;
  const [, list, index, inner = ''] = match;
  if (list === 'conditions') {
    const base = paths.conditions[Number(index)];
    return base === undefined ? undefined : base + renamed(inner);
  }
  const task = paths.tasks[Number(index)];
  if (!task) return undefined;
  if (task.type === 'Parallel' || task.type === 'Map') return fanOutPath(task, inner);
  const jsonpath = /^\.jsonpath\.([a-z_]+)(.*)$/.exec(inner);
  if (jsonpath && Object.hasOwn(JSONPATH_FIELDS, jsonpath[1]!))
    return `${task.path}.${JSONPATH_FIELDS[jsonpath[1]!]}${jsonpath[2]}`;
  const parameters = /^\.(parameters|arguments|task_type)(.*)$/.exec(inner);
  if (parameters) {
    const [, field, tail = ''] = parameters;
    if (task.type === 'Wait') return `${task.path}.${tail.startsWith('.timestamp') ? 'Timestamp' : 'Seconds'}`;
    if (field === 'task_type')
      return `${task.path}.${task.resource === LAMBDA_INVOKE ? 'Arguments.Payload.task_type' : 'Resource'}`;
    return `${task.path}.${task.resource === LAMBDA_INVOKE ? 'Arguments.Payload.parameters' : 'Arguments'}${tail}`;
  }
  return task.path + renamed(inner);
}

/** Within a Parallel or Map state: its sub-flows' own paths, its type, its templates as written. */
function fanOutPath(task: FlowPaths['tasks'][number], inner: string): string {
  const subFlow = /^\.(branches\[\d+\]|item_processor)(.*)$/.exec(inner);
  const paths = subFlow && task.subFlows?.[subFlow[1]!];
  if (paths) return remapBody(subFlow[2]!, paths) ?? paths.base + renamed(subFlow[2]!);
  const jsonpath = /^\.jsonpath\.([a-z_]+)(.*)$/.exec(inner);
  if (jsonpath && Object.hasOwn(JSONPATH_FIELDS, jsonpath[1]!))
    return `${task.path}.${JSONPATH_FIELDS[jsonpath[1]!]}${jsonpath[2]}`;
  if (inner === '.task_type' || inner === '.parameters') return `${task.path}.Type`;
  const template = /^\.(arguments|items|item_selector|output|assign)(.*)$/.exec(inner);
  if (template) return `${task.path}.${FIELDS[template[1]!] ?? 'Arguments'}${template[2]}`;
  if (inner.startsWith('.item_processor')) return `${task.path}.${task.processor ?? 'ItemProcessor'}`;
  return task.path + renamed(inner);
}

const renamed = (rest: string): string =>
  rest.replace(/\.([a-z_]+)/g, (whole, field: string) =>
    Object.hasOwn(FIELDS, field) ? (FIELDS[field] === '' ? '' : `.${FIELDS[field]}`) : whole,
  );
