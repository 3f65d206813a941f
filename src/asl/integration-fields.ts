/*
 * What the export's integration states (integration-export.ts, mock-only-export.ts,
 * sfn-callback-export.ts) share: a task's call read field by field, the fields that choose the
 * Resource held to literals, and the timing of a state that runs a call or waits for a callback.
 */

import type { TaskDefinition } from '../domain/flow/flow-definition';
import { formatPath } from '../domain/problems/issue-paths';
import { isExpression } from '../expressions/template-syntax';
import type { AslState } from './asl-definition';
import { AslNotExpressibleError } from './asl-errors';
import { plainLiterals } from './templates';

export type Segment = string | number;

/** What an integration's state has as any task's: Output, Assign, Retry, Catch, Comment and Next or End. */
export type CommonFields = Omit<
  Extract<AslState, { Type: 'Task' }>,
  'Type' | 'Resource' | 'Arguments' | 'TimeoutSeconds'
>;

export const CALLBACK = '.waitForTaskToken';

/** The task's parameters, or its `arguments` template, read field by field. */
export class WrittenFields {
  readonly field: 'arguments' | 'parameters';
  private readonly values: Record<string, unknown>;

  constructor(
    task: TaskDefinition,
    readonly at: Segment[],
  ) {
    this.field = task.arguments !== undefined ? 'arguments' : 'parameters';
    const values: unknown = task.arguments !== undefined ? task.arguments : task.parameters;
    if (typeof values !== 'object' || values === null || Array.isArray(values))
      throw this.refusal(
        [],
        `a ${task.task_type} task's Resource is written from its fields: give arguments as an object, the fields that choose the Resource written out`,
      );
    this.values = values as Record<string, unknown>;
  }

  path = (...segments: Segment[]): string => formatPath([...this.at, this.field, ...segments]);

  refusal = (segments: Segment[], message: string) =>
    new AslNotExpressibleError(`${this.path(...segments)}: ${message}`, this.path(...segments));

  /** A template as written (undefined when absent). */
  template = (name: string): unknown => this.values[name];

  /** A field that chooses the Resource: a literal (a bare string-literal expression counts as its string). */
  fixed<T, F>(name: string, fallback: F, accepts: (value: unknown) => value is T, expected: string): T | F {
    const value = plainLiterals(this.values[name]);
    if (value === undefined) return fallback;
    if (isExpression(value))
      throw this.refusal([name], `chooses the state's Resource, which Step Functions cannot compute: write it out`);
    if (!accepts(value)) throw this.refusal([name], `must be ${expected}`);
    return value;
  }
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isInteger = (value: unknown): value is number => Number.isInteger(value);
export const oneOf =
  <T extends string>(...allowed: T[]) =>
  (value: unknown): value is T =>
    allowed.includes(value as T);

/** A task's own run bound: whole seconds, rounded up, as on every exported task. */
export const runTiming = (task: TaskDefinition) =>
  task.timeout_seconds === undefined ? {} : { TimeoutSeconds: Math.ceil(task.timeout_seconds) };

/** A callback form's bounds: its wait's (as the import reads them back), the call's own run within it. */
export const callbackTiming = (task: TaskDefinition) => ({
  ...(task.callback_timeout_seconds !== undefined && { TimeoutSeconds: task.callback_timeout_seconds }),
  ...(task.heartbeat_seconds !== undefined && { HeartbeatSeconds: task.heartbeat_seconds }),
});
