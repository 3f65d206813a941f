import { ErrorCode } from '../../domain/error-codes';
import type { Execution } from '../../domain/execution/execution';
import { executionOutput } from '../../domain/execution/execution-state';
import { childErrorCode, errorName } from '../error-matching';

/**
 * What a child flow's step hands on, in the shapes Step Functions' `states:startExecution`
 * integration gives (docs/child-flows.md). Pure: no store, no clock.
 *
 * ARNs name this engine's saved flows as state machines: any region and account name a saved flow
 * on import, and these are the ones it answers with, as Step Functions Local did.
 */
export const LOCAL_ARN_PREFIX = 'arn:aws:states:us-east-1:123456789012';

export const stateMachineArn = (flowId: string): string => `${LOCAL_ARN_PREFIX}:stateMachine:${flowId}`;

/** An execution's ARN: `…:execution:<flow id>:<name>`, its name being its id when it has none. */
export const executionArn = (child: Pick<Execution, 'flow_id' | 'name' | 'execution_id'>): string =>
  `${LOCAL_ARN_PREFIX}:execution:${child.flow_id}:${child.name ?? child.execution_id}`;

const epochMs = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/** A child started without waiting: what StartExecution answers, plus the engine's id of it. */
export const startedChildOutput = (child: Execution) => ({
  ExecutionArn: executionArn(child),
  StartDate: epochMs(child.started_at ?? child.created_at),
  execution_id: child.execution_id,
});

/**
 * A child that ended, as DescribeExecution tells it: `.sync` (`format: 'string'`) gives its Input and
 * Output as JSON text, `.sync:2` (`'json'`) its Output as JSON.
 */
export function describedChild(child: Execution, format: 'json' | 'string') {
  const output = executionOutput(child);
  const failed = child.status !== 'SUCCEEDED';
  return {
    ExecutionArn: executionArn(child),
    Input: JSON.stringify(child.state.input),
    InputDetails: { Included: true },
    Name: child.name ?? child.execution_id,
    ...(!failed && {
      Output: format === 'string' ? JSON.stringify(output) : output,
      OutputDetails: { Included: true },
    }),
    StartDate: epochMs(child.started_at ?? child.created_at),
    StateMachineArn: stateMachineArn(child.flow_id),
    Status: child.status,
    StopDate: epochMs(child.completed_at),
    ...(failed && {
      Error: errorName(childErrorCode(child.reason ?? ErrorCode.Aborted)),
      Cause: child.error ?? '',
    }),
    execution_id: child.execution_id,
  };
}

/**
 * A waited-for child that failed, timed out or was stopped fails the step as Step Functions fails a
 * `.sync` task: `States.TaskFailed`, with the child's description (its Error and Cause in it) as
 * the cause.
 */
export const failedChildResult = (child: Execution, format: 'json' | 'string') => ({
  status: 'failure' as const,
  error_code: ErrorCode.TaskFailed,
  error: JSON.stringify(describedChild(child, format)),
});

/**
 * How many levels of child executions run above this one, up to the execution a caller started:
 * each fan-out level adds `.<seq>.<index>` to the id, and a child started without waiting
 * carries its depth in its record.
 */
export const childDepth = (execution: Pick<Execution, 'execution_id' | 'started_by'>): number =>
  (execution.started_by?.depth ?? 0) + Math.floor((execution.execution_id.split('.').length - 1) / 2);
