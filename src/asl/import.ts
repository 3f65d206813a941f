import type { ErrorDetail } from '../domain/errors';
import { AslImportError } from './asl-errors';
import { type ReadableMachine, stateMachineProblems } from './import-checks';
import { remapPath } from './import-paths';
import { machineLanguage } from './query-language';
import { Translation } from './state-translation';
import { substituteDefinition } from './lambda-import';
import { isPlainObject } from '../domain/flow/flow-schema';

export interface ImportedRequest {
  /** `{ flow, input, name? }`: our request, for the flow validation to read as any posted flow. */
  request: Record<string, unknown>;
  warnings: ErrorDetail[];
  /** A flow validation path (`flow.tasks[2].retry[0]`) as the definition's (`asl.States.charge.Retry[0]`). */
  pathOf: (flowPath: string) => string;
}

/**
 * `{ asl, input?, name? }` as our `{ flow, input, name? }`. Throws AslImportError listing every
 * unsupported part by path. Each Task, Wait and Pass state is a task, each Parallel and Map state a
 * `parallel` or `map` task whose branches or item processor translate the same way, as sub-flows
 * (fan-out-import.ts); a Choice state right after one state (and reached from nowhere else) is
 * that task's choice condition, any other Choice a `noop` task of its own; Succeed is `end`, Fail
 * is `fail`; Next/End, the last `States.ALL` Catch into a Fail state, and Choice rules become
 * conditions, unless the list order already says it. A JSONPath-mode state keeps its paths and
 * templates as its task's `jsonpath` fields (jsonpath-state-import.ts), and its Fail states raise
 * their error as tasks (state-translation.ts says which states run as tasks).
 */
export function aslRequestToFlowRequest(body: Record<string, unknown>): ImportedRequest {
  const { asl, ...envelope } = body;
  const details: ErrorDetail[] = Object.keys(envelope)
    .filter((key) => !['input', 'name', 'substitutions'].includes(key))
    .map((key) => ({
      path: key,
      message: `unknown field '${key}' (a state machine request has only 'asl', 'input', 'name' and 'substitutions')`,
    }));
  const substituted = withSubstitutions(asl, envelope.substitutions, details);
  delete envelope.substitutions;
  details.push(...stateMachineProblems(substituted));
  if (details.length > 0) throw new AslImportError(details);
  const machine = substituted as ReadableMachine;
  const translation = new Translation(machine, machineLanguage(machine)!);
  const flow = translation.flow();
  if (translation.sink.details.length > 0) throw new AslImportError(translation.sink.details);
  return {
    request: { ...envelope, flow },
    warnings: translation.sink.warnings,
    pathOf: (path) => remapPath(path, translation.paths),
  };
}

/**
 * The definition with its `${Name}` placeholders filled from `substitutions` (SAM's and
 * CloudFormation's DefinitionSubstitutions), when the request gives them: a map of names to
 * strings. A placeholder without a value is a problem at its path.
 */
function withSubstitutions(asl: unknown, substitutions: unknown, details: ErrorDetail[]): unknown {
  if (substitutions === undefined) return asl;
  const valid =
    isPlainObject(substitutions) && Object.values(substitutions).every((value) => typeof value === 'string');
  if (!valid) {
    details.push({
      path: 'substitutions',
      message: 'must be an object of names to strings ({ "FunctionArn": "arn:…" })',
    });
    return asl;
  }
  const { definition, problems } = substituteDefinition(asl, substitutions as Record<string, string>);
  details.push(...problems);
  return definition;
}
