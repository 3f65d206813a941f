import { type EvaluatedArgument, IntrinsicArguments, type IntrinsicEnvironment } from './intrinsic-arguments';
import { IntrinsicFailureError } from './intrinsic-failure';
import { arityProblem, INTRINSIC_FUNCTIONS } from './intrinsic-functions';
import { parseIntrinsic } from './intrinsic-parser';
import type { IntrinsicArgument, IntrinsicCall } from './intrinsic-syntax';

/**
 * The value of an intrinsic call such as `States.Format('Hello, {}', $.name)`. Pure but for the
 * environment: paths are read through `env.readPath`, randomness comes from `env` when it gives it.
 * Any failure is an IntrinsicFailureError (`States.IntrinsicFailure`); the resolver's own errors
 * pass through as they are.
 */
export function evaluateIntrinsic(expression: string, env: IntrinsicEnvironment): unknown {
  return evaluateIntrinsicCall(parseIntrinsic(expression), env);
}

/** The same for a call parsed beforehand (an import parses each once, a run may evaluate it often). */
export function evaluateIntrinsicCall(call: IntrinsicCall, env: IntrinsicEnvironment): unknown {
  const problem = arityProblem(call.name, call.args.length);
  if (problem !== undefined) throw new IntrinsicFailureError(problem, { functionName: `States.${call.name}` });
  // Left to right, inner calls first, as written: an inner failure is the one reported.
  const args: EvaluatedArgument[] = call.args.map((node) => ({ node, value: argumentValue(node, call, env) }));
  return INTRINSIC_FUNCTIONS[call.name].run(new IntrinsicArguments(call.name, args), env);
}

function argumentValue(node: IntrinsicArgument, call: IntrinsicCall, env: IntrinsicEnvironment): unknown {
  switch (node.kind) {
    case 'call':
      return evaluateIntrinsicCall(node, env);
    case 'path': {
      const value = env.readPath(node.text);
      if (value === undefined) {
        throw new IntrinsicFailureError(
          `States.${call.name}: argument ${call.args.indexOf(node) + 1} (${node.text}) selects nothing`,
          { functionName: `States.${call.name}`, argument: call.args.indexOf(node) + 1 },
        );
      }
      return value;
    }
    case 'null':
      return null;
    default:
      return node.value;
  }
}
