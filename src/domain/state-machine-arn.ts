/**
 * A saved flow named as a Step Functions state machine: `arn:aws:states:<region>:<account>:stateMachine:<flow id>`,
 * optionally with `:<version>` (a state machine version's ARN). Any region and account name this
 * engine's saved flows (docs/child-flows.md). Plain code, no imports: the import and the engine read it.
 */
const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:[^:]*:[^:]*:stateMachine:([^:]+)(?::(\d+))?$/;

export interface NamedFlow {
  flow_id: string;
  version?: number;
}

/** The flow an ARN names; undefined for a value that is no state machine ARN. */
export function flowOfStateMachineArn(arn: string): NamedFlow | undefined {
  const match = STATE_MACHINE_ARN.exec(arn);
  if (!match) return undefined;
  return { flow_id: match[1]!, ...(match[2] !== undefined && { version: Number(match[2]) }) };
}

/** Whether a `flow_id` is written as an ARN (then it must be a state machine's). */
export const looksLikeArn = (value: string): boolean => value.startsWith('arn:');
