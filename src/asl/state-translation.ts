import { createHash } from 'node:crypto';
import { ErrorCode } from '../domain/error-codes';
import type { ErrorDetail } from '../domain/errors';
import { FAIL } from '../domain/flow/flow-definition';
import { nameProblem } from '../domain/flow/names';
import { LIMITS } from '../domain/limits';
import { CAUGHT_ERROR_OUTPUT, PASS_THROUGH_FAIL } from './asl-definition';
import { isExpression } from '../expressions/template-syntax';
import { literalOf } from './templates';
import { aslPath } from './asl-errors';
import type { AslObject, ReadableMachine } from './import-checks';
import { isCallbackResource } from './callback-resources';
import { integrationFields } from './integration-import';
import type { FlowPaths } from './import-paths';
import { jsonataFailFields, jsonataTaskFields, retrier, spaced, templates } from './jsonata-task-import';
import {
  jsonPathCatcherFields,
  jsonPathResultFields,
  jsonPathStateFields,
  jsonPathTaskTiming,
  succeedHasPaths,
} from './jsonpath-state-import';
import { isJsonataLanguage, languageOf, type QueryLanguage } from './query-language';
import { type ConditionScope, conditionOf, type RawCondition, targetOf } from './import-conditions';
import { fanOutFields, isFanOutState } from './fan-out-import';
import { ASL_MESSAGES } from './asl-errors';

const isTaskLike = (state: AslObject) =>
  state.Type === 'Task' || state.Type === 'Wait' || state.Type === 'Pass' || isFanOutState(state);
const isPassThroughFail = (state: AslObject) =>
  state.Type === 'Fail' &&
  spaced(state.Error) === PASS_THROUGH_FAIL.Error &&
  (state.Cause === undefined || spaced(state.Cause) === PASS_THROUGH_FAIL.Cause);

type RawTask = Record<string, unknown> & { name: string };

/** What a JSONata catcher without an Output hands on, as Step Functions does: `{ Error, Cause }`. */
const ERROR_OUTPUT = '{% $states.errorOutput %}';

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
export class Translation implements ConditionScope {
  readonly paths: FlowPaths;
  readonly states: Record<string, AslObject>;
  readonly folded = new Set<string>();
  private readonly subFlowPaths = new Map<string, Pick<FlowPaths['tasks'][number], 'subFlows' | 'processor'>>();
  taskNames: string[] = [];

  constructor(
    readonly machine: ReadableMachine,
    /** The top-level machine's query language, which every state in it reads unless it names its own. */
    private readonly language: QueryLanguage,
    private readonly prefix: Array<string | number> = [],
    readonly sink: Sink = { details: [], warnings: [] },
  ) {
    this.states = machine.States;
    this.paths = { base: aslPath(...prefix), tasks: [], conditions: [] };
  }

  get details(): ErrorDetail[] {
    return this.sink.details;
  }

  private get warnings(): ErrorDetail[] {
    return this.sink.warnings;
  }

  /** Whether the state is in JSONata mode (else JSONPath). */
  jsonata(name: string): boolean {
    return isJsonataLanguage(languageOf(this.states[name]!, this.language));
  }

  /** Whether a Succeed or Fail state runs as a task (terminalAsTask), or is the state to start at. */
  private endsAsTask(name: string): boolean {
    return name === this.machine.StartAt || this.terminalAsTask(name);
  }

  /**
   * Whether a Succeed or Fail state runs as a task of its own, which transitions go to, rather than
   * being the `end` or `fail` a transition names: a Succeed that changes its data (JSONPath paths,
   * a JSONata Output) then ends; a Fail raises its error (a `raise_error` task) in JSONPath mode,
   * and in JSONata mode when its Error or Cause is an expression or a catcher (not the last on
   * States.ALL) leads to it, as a fixed condition ending cannot say those.
   */
  terminalAsTask(name: string): boolean {
    const state = this.states[name]!;
    const jsonata = this.jsonata(name);
    if (state.Type === 'Succeed') return jsonata ? state.Output !== undefined : succeedHasPaths(state);
    if (state.Type !== 'Fail') return false;
    if (!jsonata) return true;
    if (isPassThroughFail(state)) return false;
    // The export's failure side reads the caught error's cause, which a condition ending says too.
    const computed = (text: unknown, caught: string) =>
      isExpression(text) && literalOf(text) === undefined && spaced(text) !== caught;
    return (
      computed(state.Error, PASS_THROUGH_FAIL.Error) ||
      computed(state.Cause, PASS_THROUGH_FAIL.Cause) ||
      this.caughtInto(name)
    );
  }

  isCatchTarget(name: string): boolean {
    return Object.values(this.states).some((state) =>
      ((state.Catch as AslObject[] | undefined) ?? []).some((catcher) => catcher.Next === name),
    );
  }

  /** Whether a catcher other than a state's last on States.ALL (a condition's failure side) leads to `name`. */
  private caughtInto(name: string): boolean {
    return Object.values(this.states).some((state) => {
      const catchers = (state.Catch as AslObject[] | undefined) ?? [];
      return catchers.some(
        (catcher, i) =>
          catcher.Next === name &&
          !(i === catchers.length - 1 && JSON.stringify(catcher.ErrorEquals) === JSON.stringify([ErrorCode.All])),
      );
    });
  }

  /** `asl.States.<name>…` within this machine. */
  statePath(name: string, ...path: Array<string | number>): string {
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
        this.states[next]!.InputPath === undefined &&
        references.get(next) === 1 &&
        this.failureRoute(state) === undefined
      )
        this.folded.add(next);
    }
    const asTask = Object.keys(this.states).filter((name) => {
      const state = this.states[name]!;
      return isTaskLike(state) || (state.Type === 'Choice' && !this.folded.has(name)) || this.endsAsTask(name);
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
      const condition = conditionOf(this, name, i);
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
  failureRoute(state: AslObject): number | undefined {
    const catchers = (state.Catch as AslObject[] | undefined) ?? [];
    const last = catchers.at(-1);
    if (!last || JSON.stringify(last.ErrorEquals) !== JSON.stringify([ErrorCode.All])) return undefined;
    const name = last.Next as string;
    const target = this.states[name]!;
    return target.Type === 'Fail' && !this.endsAsTask(name) && !isPassThroughFail(target)
      ? catchers.length - 1
      : undefined;
  }

  private task(name: string): RawTask {
    const state = this.states[name]!;
    const at = (...path: Array<string | number>) => this.statePath(name, ...path);
    const common = { name, ...(typeof state.Comment === 'string' && { description: state.Comment }) };
    const handling = () => this.errorHandling(state, at, name);
    // Accepted only where mocks exist (import-checks.ts): said, and left out.
    if (state.Credentials !== undefined)
      this.warnings.push({ path: at('Credentials'), message: ASL_MESSAGES.credentialsLeftOut });
    const integration = integrationFields(state, at, this.details);
    if (integration) {
      // A callback form's HeartbeatSeconds and TimeoutSeconds; elsewhere HeartbeatSeconds is left out, warned.
      const timing = jsonPathTaskTiming(state, at, this.warnings);
      if (this.jsonata(name))
        return { ...common, ...integration('JSONata'), ...timing, ...templates(state), ...handling() };
      const fields = integration('JSONPath');
      const jsonpath = {
        ...(fields.jsonpath as Record<string, unknown>),
        ...jsonPathResultFields(state),
        ...(state.TimeoutSecondsPath !== undefined &&
          !isCallbackResource(state.Resource) && { timeout_seconds_path: state.TimeoutSecondsPath }),
      };
      return { ...common, ...fields, ...timing, jsonpath, ...handling() };
    }
    if (!this.jsonata(name) && !isFanOutState(state))
      return { ...common, ...jsonPathStateFields(state, at, this.warnings), ...handling() };
    switch (state.Type) {
      case 'Wait':
        return {
          ...common,
          task_type: 'wait',
          parameters: state.Seconds !== undefined ? { seconds: state.Seconds } : { timestamp: state.Timestamp },
          ...templates(state),
        };
      case 'Task':
        return {
          ...common,
          ...jsonataTaskFields(state, at, this.sink),
          ...jsonPathTaskTiming(state, at, this.warnings),
          ...this.errorHandling(state, at, name),
        };
      case 'Parallel':
      case 'Map':
        return { ...common, ...this.fanOutFields(name, state, at) };
      case 'Fail':
        if (this.terminalAsTask(name)) return { ...common, ...jsonataFailFields(state) };
        return { ...common, task_type: 'noop', output: '{% $states.input %}' };
      case 'Choice':
        // A Choice of its own hands its input on; its Output and Assign are its condition's (when the Default is taken).
        return { ...common, task_type: 'noop', output: '{% $states.input %}' };
      default:
        // A Pass, or a Succeed/Fail to start at: a noop that hands its input on.
        return { ...common, task_type: 'noop', ...templates(state), output: state.Output ?? '{% $states.input %}' };
    }
  }

  /** A Parallel or Map state: its fields as a fan-out's, its branches or item processor translated as sub-flows. */
  private fanOutFields(
    name: string,
    state: AslObject,
    at: (...path: Array<string | number>) => string,
  ): Record<string, unknown> {
    const subFlows: Record<string, FlowPaths> = {};
    const fields = fanOutFields(
      state,
      at,
      this.warnings,
      (machine, segments, key) => {
        const translation = new Translation(
          machine,
          this.language,
          [...this.prefix, 'States', name, ...segments],
          this.sink,
        );
        const body = translation.body();
        subFlows[key] = translation.paths;
        return body;
      },
      this.jsonata(name) ? 'JSONata' : 'JSONPath',
    );
    this.subFlowPaths.set(name, {
      subFlows,
      ...(state.Type === 'Map' && { processor: state.Iterator !== undefined ? 'Iterator' : 'ItemProcessor' }),
    });
    const handling = this.errorHandling(state, at, name);
    if (this.jsonata(name)) return { ...fields, ...handling, ...templates(state) };
    const jsonpath = {
      ...(fields.jsonpath as Record<string, unknown> | undefined),
      ...jsonPathResultFields(state),
    };
    return { ...fields, jsonpath, ...handling };
  }

  /**
   * A Task's TimeoutSeconds, at most what a task may run here (a step runs in one invocation):
   * longer ones, common in real machines (Lambda runs up to 15 minutes), run under that limit,
   * with a warning, rather than the machine being refused.
   */
  private taskTimeout(state: AslObject, at: (...path: Array<string | number>) => string): unknown {
    const seconds = state.TimeoutSeconds;
    if (state.Type !== 'Task' || typeof seconds !== 'number' || seconds <= LIMITS.maxTaskTimeoutSeconds) return seconds;
    this.warnings.push({
      path: at('TimeoutSeconds'),
      message: `${seconds} seconds is more than the ${LIMITS.maxTaskTimeoutSeconds} a task may run here: it runs under ${LIMITS.maxTaskTimeoutSeconds}`,
    });
    return LIMITS.maxTaskTimeoutSeconds;
  }

  /** TimeoutSeconds, Retry and Catch: the same on a Task, a Parallel and a Map. */
  private errorHandling(
    state: AslObject,
    at: (...path: Array<string | number>) => string,
    name: string,
  ): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    // A callback task's TimeoutSeconds bounds its wait (callbackTiming), not its function's run.
    if (state.TimeoutSeconds !== undefined && !isCallbackResource(state.Resource))
      fields.timeout_seconds = this.taskTimeout(state, at);
    if (Array.isArray(state.Retry)) fields.retry = state.Retry.map(retrier);
    const failureRoute = this.failureRoute(state);
    const catchers = ((state.Catch as AslObject[] | undefined) ?? []).filter((_, i) => i !== failureRoute);
    const jsonata = this.jsonata(name);
    if (catchers.length > 0) fields.catch = catchers.map((c, i) => this.catcher(c, at('Catch', i), jsonata));
    return fields;
  }

  private catcher(catcher: AslObject, path: string, jsonata: boolean): Record<string, unknown> {
    const next = catcher.Next as string;
    const state = this.states[next]!;
    if (!jsonata)
      return {
        error_equals: catcher.ErrorEquals,
        next: targetOf(this, next, `${path}.Next`).to,
        ...jsonPathCatcherFields(catcher),
      };
    // The export's catcher hands `{ error, cause }` on, as native flows do; any other Output (by
    // default $states.errorOutput, `{ Error, Cause }`) is kept as the catcher's output template.
    const native = JSON.stringify(catcher.Output) === JSON.stringify(CAUGHT_ERROR_OUTPUT);
    return {
      error_equals: catcher.ErrorEquals,
      next: state.Type === 'Fail' && !this.terminalAsTask(next) ? FAIL : targetOf(this, next, `${path}.Next`).to,
      ...(!native && { output: catcher.Output ?? ERROR_OUTPUT }),
      ...(catcher.Assign !== undefined && { assign: catcher.Assign }),
    };
  }
}
