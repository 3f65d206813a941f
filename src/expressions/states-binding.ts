import type { JsonValue } from './json-value';

/**
 * `$states.context`, shaped like Step Functions' context object so that expressions written for
 * it (`$states.context.Execution.Id`, `$states.context.State.EnteredTime`) read the same here.
 * Times are ISO 8601 strings, as there.
 */
export interface StatesContext {
  Execution: {
    Id: string;
    Name?: string;
    StartTime: string;
    Input?: JsonValue;
    RedriveCount: number;
    RedriveTime?: string;
  };
  State: { Name: string; EnteredTime: string; RetryCount: number };
  StateMachine?: { Id: string; Name?: string };
  /** In a map's `item_selector`: the item being turned into an iteration's input. */
  Map?: { Item: { Index: number; Value: JsonValue } };
  /** In a callback task (docs/callbacks.md): its task token. */
  Task?: { Token: string };
}

/** `$states`: what one state's expressions can read besides the flow's variables. */
export interface StatesBinding {
  /** The state's input. */
  input: JsonValue;
  /** The task's result, where the field is evaluated after the task succeeded. */
  result?: JsonValue;
  /** The error the task failed with, where the field handles a failure. */
  errorOutput?: JsonValue;
  context: StatesContext;
}

/** The facts `$states.context` is made of, as the engine knows them. */
export interface ContextFacts {
  executionId: string;
  executionName?: string;
  executionStartTime: Date | string;
  executionInput?: JsonValue;
  /** How often the execution was redriven (0 before its first redrive), and when it was last. */
  redriveCount?: number;
  redriveTime?: Date | string;
  /** The task (state) being run. */
  stateName: string;
  stateEnteredTime: Date | string;
  /** How many times this state has been run again before this run; 0 on its first run. */
  retryCount: number;
  flowId?: string;
  flowName?: string;
  /** The map item an `item_selector` is evaluated for: its index and its value. */
  mapItem?: { index: number; value: JsonValue };
  /** A callback task's token, while it starts its wait. */
  taskToken?: string;
}

const isoTime = (time: Date | string): string => (typeof time === 'string' ? time : time.toISOString());

export function buildStatesContext(facts: ContextFacts): StatesContext {
  const context: StatesContext = {
    Execution: {
      Id: facts.executionId,
      StartTime: isoTime(facts.executionStartTime),
      RedriveCount: facts.redriveCount ?? 0,
    },
    State: { Name: facts.stateName, EnteredTime: isoTime(facts.stateEnteredTime), RetryCount: facts.retryCount },
  };
  if (facts.executionName !== undefined) context.Execution.Name = facts.executionName;
  if (facts.executionInput !== undefined) context.Execution.Input = facts.executionInput;
  if (facts.redriveTime !== undefined) context.Execution.RedriveTime = isoTime(facts.redriveTime);
  if (facts.taskToken !== undefined) context.Task = { Token: facts.taskToken };
  if (facts.mapItem !== undefined) context.Map = { Item: { Index: facts.mapItem.index, Value: facts.mapItem.value } };
  if (facts.flowId !== undefined) {
    context.StateMachine = { Id: facts.flowId };
    if (facts.flowName !== undefined) context.StateMachine.Name = facts.flowName;
  }
  return context;
}
