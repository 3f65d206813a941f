import { createHash } from 'node:crypto';
import { ErrorCode } from '../domain/error-codes';
import type { ErrorDetail } from '../domain/errors';
import { END, FAIL } from '../domain/flow/flow-definition';
import { isPlainObject } from '../domain/flow/flow-schema';
import { nameProblem } from '../domain/flow/names';
import { expressionText, isExpression } from '../expressions/template-syntax';
import { FLOW_RESOURCE_PREFIX, PASS_THROUGH_FAIL } from './asl-definition';
import { AslImportError, aslPath } from './asl-errors';
import { type AslObject, type ReadableMachine, stateMachineProblems } from './import-checks';
import { type FlowPaths, remapPath } from './import-paths';
import { hasExpression, literalOf, payloadAsResult, plainLiterals, readsLambdaEnvelope } from './templates';
import { fanOutFields, isFanOutState } from './fan-out-import';

export interface ImportedRequest {
  /** `{ flow, input, name? }`: our request, for the flow validation to read as any posted flow. */
  request: Record<string, unknown>;
  warnings: ErrorDetail[];
  /** A flow validation path (`flow.tasks[2].retry[0]`) as the definition's (`asl.States.charge.Retry[0]`). */
  pathOf: (flowPath: string) => string;
}

type RawTask = Record<string, unknown> & { name: string };
type RawCondition = Record<string, unknown>;
interface Ending {
  error?: string;
  cause?: string;
}
interface Target {
  to: string;
  ending?: Ending;
}

/**
 * `{ asl, input?, name? }` as our `{ flow, input, name? }`. Throws AslImportError listing every
 * unsupported part by path. Each Task, Wait and Pass state is a task, each Parallel and Map state a
 * `parallel` or `map` task whose branches or item processor translate the same way, as sub-flows
 * (fan-out-import.ts); a Choice state right after one state (and reached from nowhere else) is
 * that task's choice condition, any other Choice a `noop` task of its own; Succeed is `end`, Fail
 * is `fail`; Next/End, the last `States.ALL` Catch into a Fail state, and Choice rules become
 * conditions, unless the list order already says it.
 */
export function aslRequestToFlowRequest(body: Record<string, unknown>): ImportedRequest {
  const { asl, ...envelope } = body;
  const details: ErrorDetail[] = Object.keys(envelope)
    .filter((key) => !['input', 'name'].includes(key))
    .map((key) => ({
      path: key,
      message: `unknown field '${key}' (a state machine request has only 'asl', 'input' and 'name')`,
    }));
  details.push(...stateMachineProblems(asl));
  if (details.length > 0) throw new AslImportError(details);
  const translation = new Translation(asl as ReadableMachine);
  const flow = translation.flow();
  if (translation.sink.details.length > 0) throw new AslImportError(translation.sink.details);
  return {
    request: { ...envelope, flow },
    warnings: translation.sink.warnings,
    pathOf: (path) => remapPath(path, translation.paths),
  };
}

const isTaskLike = (state: AslObject) =>
  state.Type === 'Task' || state.Type === 'Wait' || state.Type === 'Pass' || isFanOutState(state);
const spaced = (text: unknown) => (isExpression(text) ? `{% ${expressionText(text)} %}` : text);
const isPassThroughFail = (state: AslObject) =>
  state.Type === 'Fail' &&
  spaced(state.Error) === PASS_THROUGH_FAIL.Error &&
  (state.Cause === undefined || spaced(state.Cause) === PASS_THROUGH_FAIL.Cause);

/** What a translation found, shared with the translations of its branches and item processors. */
interface Sink {
  details: ErrorDetail[];
  warnings: ErrorDetail[];
}

/**
 * One machine as a flow's body (`start_task`, `tasks`, `conditions`): the state machine itself, or
 * a branch or item processor in it (`prefix` its path: `['States', 'Both', 'Branches', 0]`), whose
 * names are a scope of their own as in a sub-flow.
 */
class Translation {
  readonly paths: FlowPaths;
  private readonly states: Record<string, AslObject>;
  private readonly folded = new Set<string>();
  private readonly subFlowPaths = new Map<string, Pick<FlowPaths['tasks'][number], 'subFlows' | 'processor'>>();
  private taskNames: string[] = [];

  constructor(
    private readonly machine: ReadableMachine,
    private readonly prefix: Array<string | number> = [],
    readonly sink: Sink = { details: [], warnings: [] },
  ) {
    this.states = machine.States;
    this.paths = { base: aslPath(...prefix), tasks: [], conditions: [] };
  }

  private get details(): ErrorDetail[] {
    return this.sink.details;
  }

  private get warnings(): ErrorDetail[] {
    return this.sink.warnings;
  }

  /** `asl.States.<name>…` within this machine. */
  private statePath(name: string, ...path: Array<string | number>): string {
    return aslPath(...this.prefix, 'States', name, ...path);
  }

  flow(): Record<string, unknown> {
    const { start_task, tasks, conditions } = this.body();
    // eslint-disable-next-line no-control-regex -- control characters are what it replaces
    const controlCharacters = /[\u0000-\u001f\u007f-\u009f]+/g;
    const comment =
      typeof this.machine.Comment === 'string' ? this.machine.Comment.replace(controlCharacters, ' ').trim() : '';
    const name =
      comment !== '' && nameProblem(comment) === undefined
        ? [...comment].slice(0, 128).join('').trim()
        : 'Imported state machine';
    const id = `asl-${createHash('sha256').update(JSON.stringify(this.machine)).digest('hex').slice(0, 12)}`;
    return {
      id,
      name,
      start_task,
      ...(this.machine.TimeoutSeconds !== undefined && { timeout_seconds: this.machine.TimeoutSeconds }),
      tasks,
      conditions,
    };
  }

  body(): { start_task: string; tasks: RawTask[]; conditions: RawCondition[] } {
    const references = this.references();
    for (const state of Object.values(this.states)) {
      const next = state.Next;
      if (
        isTaskLike(state) &&
        typeof next === 'string' &&
        this.states[next]!.Type === 'Choice' &&
        references.get(next) === 1 &&
        this.failureRoute(state) === undefined
      )
        this.folded.add(next);
    }
    const asTask = Object.keys(this.states).filter((name) => {
      const state = this.states[name]!;
      return isTaskLike(state) || (state.Type === 'Choice' && !this.folded.has(name)) || name === this.machine.StartAt;
    });
    this.taskNames = asTask;
    const tasks: RawTask[] = [];
    const conditions: RawCondition[] = [];
    asTask.forEach((name, i) => {
      tasks.push(this.task(name));
      this.paths.tasks.push({
        path: this.statePath(name),
        type: String(this.states[name]!.Type),
        resource: this.states[name]!.Resource,
        ...this.subFlowPaths.get(name),
      });
      const condition = this.condition(name, i);
      if (condition) {
        conditions.push(condition.condition);
        this.paths.conditions.push(condition.path);
      }
    });
    return { start_task: this.machine.StartAt, tasks, conditions };
  }

  private references(): Map<string, number> {
    const count = new Map<string, number>([[this.machine.StartAt, 1]]);
    const add = (name: unknown) => typeof name === 'string' && count.set(name, (count.get(name) ?? 0) + 1);
    for (const state of Object.values(this.states)) {
      add(state.Next);
      add(state.Default);
      for (const rule of (state.Choices as AslObject[] | undefined) ?? []) add(rule.Next);
      for (const catcher of (state.Catch as AslObject[] | undefined) ?? []) add(catcher.Next);
    }
    return count;
  }

  /** The last catcher, when it takes every error into a Fail state of its own Error and Cause: the condition's failure side. */
  private failureRoute(state: AslObject): number | undefined {
    const catchers = (state.Catch as AslObject[] | undefined) ?? [];
    const last = catchers.at(-1);
    if (!last || JSON.stringify(last.ErrorEquals) !== JSON.stringify([ErrorCode.All])) return undefined;
    const target = this.states[last.Next as string]!;
    return target.Type === 'Fail' && !isPassThroughFail(target) ? catchers.length - 1 : undefined;
  }

  private task(name: string): RawTask {
    const state = this.states[name]!;
    const at = (...path: Array<string | number>) => this.statePath(name, ...path);
    const common = { name, ...(typeof state.Comment === 'string' && { description: state.Comment }) };
    switch (state.Type) {
      case 'Wait':
        return {
          ...common,
          task_type: 'wait',
          parameters: state.Seconds !== undefined ? { seconds: state.Seconds } : { timestamp: state.Timestamp },
          ...templates(state),
        };
      case 'Task':
        return { ...common, ...this.taskFields(state, at) };
      case 'Parallel':
      case 'Map':
        return { ...common, ...this.fanOutFields(name, state, at) };
      default:
        // A Pass, a Choice of its own, or a Succeed/Fail to start at: a noop that hands its input on.
        return { ...common, task_type: 'noop', ...templates(state), output: state.Output ?? '{% $states.input %}' };
    }
  }

  private taskFields(state: AslObject, at: (...path: Array<string | number>) => string): Record<string, unknown> {
    const resource = state.Resource as string;
    const runner = !resource.startsWith(FLOW_RESOURCE_PREFIX);
    const payload = runner ? ((state.Arguments as AslObject).Payload as AslObject) : undefined;
    const task_type = payload ? payload.task_type : resource.slice(FLOW_RESOURCE_PREFIX.length);
    const parameters = payload ? payload.parameters : state.Arguments;
    const fields: Record<string, unknown> = { task_type };
    if (parameters !== undefined) {
      const literal = plainLiterals(parameters);
      // A wait works out its own `seconds`/`timestamp` expressions from its parameters (it waits
      // before its arguments would be evaluated), so its templates stay parameters.
      if (hasExpression(literal) && task_type !== 'wait') fields.arguments = parameters;
      else fields.parameters = hasExpression(literal) ? parameters : literal;
    }
    Object.assign(fields, this.errorHandling(state, at));
    if (!runner) return { ...fields, ...templates(state) };
    // The runner's result is the Lambda envelope; the task's own result is its Payload.
    if (state.Output === undefined)
      this.warnings.push({
        path: at('Output'),
        message: "the task hands on its own result (the runner's Payload), not the Lambda invoke's envelope",
      });
    for (const field of ['Output', 'Assign'] as const) {
      if (readsLambdaEnvelope(state[field]))
        this.details.push({
          path: at(field),
          message: "reads $states.result beyond its Payload: a task's result is the Payload alone",
        });
    }
    const { output, assign } = templates(state);
    // The export's default: a task's result (its Payload), or for a wait its input (a wait hands its input on).
    const byDefault = fields.task_type === 'wait' ? '{% $states.input %}' : RUNNER_RESULT;
    return {
      ...fields,
      ...(output !== undefined && spaced(output) !== byDefault && { output: payloadAsResult(output) }),
      ...(assign !== undefined && { assign: payloadAsResult(assign) }),
    };
  }

  /** A Parallel or Map state: its fields as a fan-out's, its branches or item processor translated as sub-flows. */
  private fanOutFields(
    name: string,
    state: AslObject,
    at: (...path: Array<string | number>) => string,
  ): Record<string, unknown> {
    const subFlows: Record<string, FlowPaths> = {};
    const fields = fanOutFields(state, at, this.warnings, (machine, segments, key) => {
      const translation = new Translation(machine, [...this.prefix, 'States', name, ...segments], this.sink);
      const body = translation.body();
      subFlows[key] = translation.paths;
      return body;
    });
    this.subFlowPaths.set(name, {
      subFlows,
      ...(state.Type === 'Map' && { processor: state.Iterator !== undefined ? 'Iterator' : 'ItemProcessor' }),
    });
    return { ...fields, ...this.errorHandling(state, at), ...templates(state) };
  }

  /** TimeoutSeconds, Retry and Catch: the same on a Task, a Parallel and a Map. */
  private errorHandling(state: AslObject, at: (...path: Array<string | number>) => string): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (state.TimeoutSeconds !== undefined) fields.timeout_seconds = state.TimeoutSeconds;
    if (Array.isArray(state.Retry)) fields.retry = state.Retry.map(retrier);
    const failureRoute = this.failureRoute(state);
    const catchers = ((state.Catch as AslObject[] | undefined) ?? []).filter((_, i) => i !== failureRoute);
    if (catchers.length > 0) fields.catch = catchers.map((c, i) => this.catcher(c, at('Catch', i)));
    catchers.forEach((c, i) => {
      if (c.Output === undefined)
        this.warnings.push({
          path: at('Catch', i),
          message:
            'the caught error reaches the next state as { error, cause }, as the flow engine hands it on (Step Functions would give { Error, Cause })',
        });
    });
    return fields;
  }

  private catcher(catcher: AslObject, path: string): Record<string, unknown> {
    const next = catcher.Next as string;
    const state = this.states[next]!;
    if (state.Type === 'Fail' && !isPassThroughFail(state)) {
      this.details.push({
        path: `${path}.Next`,
        message: `a catcher may end in a Fail state only when it fails with the caught error (Error '${PASS_THROUGH_FAIL.Error}'), or as the last catcher, on States.ALL`,
      });
    }
    return {
      error_equals: catcher.ErrorEquals,
      next: state.Type === 'Fail' ? FAIL : this.target(next, `${path}.Next`).to,
    };
  }

  /** Where a transition to `name` goes in our terms: a task, `end`, or `fail` with its error and cause. */
  private target(name: string, path: string, side: 'success' | 'failure' = 'success'): Target {
    const state = this.states[name]!;
    if (state.Type === 'Succeed') return { to: END };
    if (state.Type === 'Fail') {
      const error = literalOf(String(state.Error)) ?? state.Error;
      const cause =
        side === 'failure' && spaced(state.Cause) === PASS_THROUGH_FAIL.Cause
          ? undefined
          : (literalOf(String(state.Cause)) ?? state.Cause);
      for (const [field, value] of [
        ['Error', error],
        ['Cause', cause],
      ] as const) {
        if (isExpression(value))
          this.details.push({
            path: this.statePath(name, field),
            message: `a Fail state reached ${side === 'success' ? 'after a success' : 'by a condition'} ends with a fixed ${field}: expressions are not supported here`,
          });
      }
      return {
        to: FAIL,
        ending: {
          ...(error !== undefined && { error: error as string }),
          ...(cause !== undefined && { cause: cause as string }),
        },
      };
    }
    if (name === END || name === FAIL)
      this.details.push({
        path,
        message: `a flow reads '${name}' as finishing the execution: rename the state '${name}'`,
      });
    return { to: name };
  }

  private condition(name: string, index: number): { condition: RawCondition; path: string } | undefined {
    const state = this.states[name]!;
    const at = (...path: Array<string | number>) => this.statePath(name, ...path);
    const endings: Ending[] = [];
    const to = (target: Target) => {
      if (target.ending) endings.push(target.ending);
      return target.to;
    };
    const withEnding = (condition: RawCondition, path: string) => {
      const distinct = new Set(endings.map((e) => JSON.stringify(e)));
      if (distinct.size > 1)
        this.details.push({
          path: at(),
          message: 'reaches Fail states with different Error or Cause: a flow condition ends with one of each',
        });
      return { condition: { ...condition, ...endings[0] }, path };
    };
    if (state.Type === 'Succeed' || state.Type === 'Fail') {
      const ending = to(this.target(name, at()));
      return withEnding(
        { name, source_task: name, outcome: 'success', target_task_success: ending, target_task_failure: ending },
        at(),
      );
    }
    const choiceName =
      state.Type === 'Choice'
        ? name
        : typeof state.Next === 'string' && this.folded.has(state.Next)
          ? state.Next
          : undefined;
    if (choiceName !== undefined) {
      const choice = this.states[choiceName]!;
      const rules = (choice.Choices as AslObject[]).map((rule, r) => ({
        condition: rule.Condition,
        next: to(this.target(rule.Next as string, this.statePath(choiceName, 'Choices', r, 'Next'))),
      }));
      const fallback =
        typeof choice.Default === 'string'
          ? to(this.target(choice.Default, this.statePath(choiceName, 'Default')))
          : undefined;
      return withEnding(
        {
          name: choiceName,
          ...(typeof choice.Comment === 'string' && { description: choice.Comment }),
          source_task: name,
          choices: rules,
          ...(fallback !== undefined && { default: fallback }),
        },
        this.statePath(choiceName),
      );
    }
    const failureIndex = this.failureRoute(state);
    const listNext = this.taskNames[index + 1];
    // The list order says it already (and a state named `end` or `fail` can be reached this way only).
    if (failureIndex === undefined && (state.End === true ? listNext === undefined : state.Next === listNext))
      return undefined;
    const success = state.End === true ? END : to(this.target(state.Next as string, at('Next')));
    if (failureIndex === undefined) {
      return withEnding(
        { name, source_task: name, outcome: 'success', target_task_success: success, target_task_failure: END },
        at(),
      );
    }
    const catcher = (state.Catch as AslObject[])[failureIndex]!;
    const failure = to(this.target(catcher.Next as string, at('Catch', failureIndex, 'Next'), 'failure'));
    return withEnding(
      { name, source_task: name, outcome: 'success', target_task_success: success, target_task_failure: failure },
      at(),
    );
  }
}

const RUNNER_RESULT = '{% $states.result.Payload %}';

const templates = (state: AslObject): { output?: unknown; assign?: unknown } => ({
  ...(state.Output !== undefined && { output: state.Output }),
  ...(state.Assign !== undefined && { assign: state.Assign }),
});

function retrier(rule: unknown): Record<string, unknown> {
  const r = isPlainObject(rule) ? rule : {};
  const fields = {
    error_equals: r.ErrorEquals,
    interval_seconds: r.IntervalSeconds,
    max_attempts: r.MaxAttempts,
    backoff_rate: r.BackoffRate,
    max_delay_seconds: r.MaxDelaySeconds,
    jitter: r.JitterStrategy,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
