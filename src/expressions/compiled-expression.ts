import jsonata from 'jsonata';
import { BoundExceeded, EvaluationGuard, GUARD_BINDING, installEvaluationHooks } from './evaluation-bounds';
import { ExpressionEvaluationError, type EvaluationFailure } from './expression-error';
import { registerExtraFunctions } from './extra-functions';
import type { AstNode } from './jsonata-ast';
import type { JsonValue } from './json-value';
import { toPlainJson } from './plain-json';
import { expressionReferences, type ExpressionReferences } from './references';
import { contextReadProblem, evalProblem } from './static-checks';

/** One template evaluation's bounds: its expressions share the deadline. */
export interface EvaluationRun {
  deadline: number;
  timeLimitMs: number;
  maxDepth: number;
}

export type ExpressionCompileOutcome = { ok: true; expression: CompiledExpression } | { ok: false; problem: string };

/** Parses and checks `text` (the JSONata between the braces) once; see CompiledExpression. */
export function compileExpression(text: string): ExpressionCompileOutcome {
  let program: jsonata.Expression;
  try {
    program = jsonata(text);
  } catch (error) {
    return { ok: false, problem: `not a valid JSONata expression: ${describeError(error)}` };
  }
  const ast = program.ast() as unknown as AstNode;
  const problem = evalProblem(ast) ?? contextReadProblem(ast);
  if (problem !== undefined) return { ok: false, problem };
  registerExtraFunctions(program);
  installEvaluationHooks(program);
  return { ok: true, expression: new CompiledExpression(text, expressionReferences(ast), program) };
}

/** One `{% … %}` expression, parsed and checked once, evaluated any number of times. */
export class CompiledExpression {
  constructor(
    /** The JSONata text, as written between the braces (trimmed). */
    readonly text: string,
    readonly references: ExpressionReferences,
    private readonly program: jsonata.Expression,
  ) {}

  /**
   * The expression's value as plain JSON. `scope` holds the bindings (`states` and the flow's
   * variables); `field` names the field in errors. Every failure is an ExpressionEvaluationError.
   */
  async evaluate(scope: Readonly<Record<string, unknown>>, field: string, run: EvaluationRun): Promise<JsonValue> {
    const failed = (failure: EvaluationFailure, what: string, facts: { code?: string; position?: number } = {}) =>
      new ExpressionEvaluationError(
        { field, expression: this.text, failure, ...facts },
        `The JSONata expression '${quoted(this.text)}' specified for the field '${field}' ${what}`,
      );

    let raw: unknown;
    try {
      // No input document: as in Step Functions, the state's input is $states.input.
      const guard = new EvaluationGuard(run.deadline, run.maxDepth);
      raw = await this.program.evaluate(undefined, { ...scope, [GUARD_BINDING]: guard });
    } catch (error) {
      if (error instanceof BoundExceeded) {
        throw error.bound === 'time'
          ? failed(
              'time-bound',
              `did not finish within the evaluation time bound of ${run.timeLimitMs} ms (a function that never stops calling itself?).`,
            )
          : failed(
              'depth-bound',
              `exceeded the evaluation depth bound of ${run.maxDepth} nested evaluations (a recursive function that never stops?).`,
            );
      }
      const { code, position } = errorFacts(error);
      throw failed('expression-error', `threw an error during evaluation: ${describeError(error)}`, { code, position });
    }
    // Step Functions' rule: JSON has no "nothing", so an expression must produce a value.
    if (raw === undefined) throw failed('undefined-result', 'returned nothing (undefined).');
    const plain = toPlainJson(raw);
    if (!plain.ok) throw failed('unsupported-result', `returned an unsupported result: ${plain.problem}.`);
    return plain.value;
  }
}

const MAX_QUOTED_LENGTH = 200;

const quoted = (text: string): string =>
  text.length <= MAX_QUOTED_LENGTH ? text : `${text.slice(0, MAX_QUOTED_LENGTH)}…`;

/** jsonata throws plain objects (`{ code, position, token, message }`), not Errors. */
function errorFacts(error: unknown): { message: string; code?: string; position?: number } {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const facts = error as { message?: unknown; code?: unknown; position?: unknown };
  return {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- jsonata's errors have a string message; this covers anything else thrown
    message: typeof facts.message === 'string' ? facts.message : String(error),
    code: typeof facts.code === 'string' ? facts.code : undefined,
    position: typeof facts.position === 'number' ? facts.position : undefined,
  };
}

function describeError(error: unknown): string {
  const { message, code, position } = errorFacts(error);
  const where = [code, position === undefined ? undefined : `at position ${position}`].filter(
    (part) => part !== undefined,
  );
  return where.length === 0 ? message : `${message} (${where.join(', ')})`;
}
