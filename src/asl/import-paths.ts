import { LAMBDA_INVOKE } from './asl-definition';

/** Where each imported task and condition came from, by index, to name problems in the definition's terms. */
export interface FlowPaths {
  tasks: Array<{ path: string; type: string; resource?: unknown }>;
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
  description: 'Comment',
  choices: 'Choices',
  condition: 'Condition',
  default: 'Default',
  name: '',
};

/**
 * `flow.tasks[2].retry[0].interval_seconds` → `asl.States.charge.Retry[0].IntervalSeconds`: the
 * flow validation's paths, for a flow that came from a definition. Paths it cannot place keep
 * our names under the state's path.
 */
export function remapPath(path: string, paths: FlowPaths): string {
  const flowField = /^flow\.(start_task|timeout_seconds|name|id)$/.exec(path);
  if (flowField)
    return { start_task: 'asl.StartAt', timeout_seconds: 'asl.TimeoutSeconds', name: 'asl.Comment', id: 'asl' }[
      flowField[1]!
    ]!;
  const match = /^flow\.(tasks|conditions)\[(\d+)\](.*)$/.exec(path);
  if (!match) return path === 'flow' ? 'asl' : path;
  const [, list, index, rest = ''] = match;
  if (list === 'conditions') {
    const base = paths.conditions[Number(index)];
    return base === undefined ? path : base + renamed(rest);
  }
  const task = paths.tasks[Number(index)];
  if (!task) return path;
  const parameters = /^\.(parameters|arguments|task_type)(.*)$/.exec(rest);
  if (parameters) {
    const [, field, inner = ''] = parameters;
    if (task.type === 'Wait') return `${task.path}.${inner.startsWith('.timestamp') ? 'Timestamp' : 'Seconds'}`;
    if (field === 'task_type')
      return `${task.path}.${task.resource === LAMBDA_INVOKE ? 'Arguments.Payload.task_type' : 'Resource'}`;
    return `${task.path}.${task.resource === LAMBDA_INVOKE ? 'Arguments.Payload.parameters' : 'Arguments'}${inner}`;
  }
  return task.path + renamed(rest);
}

const renamed = (rest: string): string =>
  rest.replace(/\.([a-z_]+)/g, (whole, field: string) =>
    Object.hasOwn(FIELDS, field) ? (FIELDS[field] === '' ? '' : `.${FIELDS[field]}`) : whole,
  );
