import { LIMITS } from '../../domain/limits';
import { IntrinsicFailureError } from './intrinsic-failure';
import type { IntrinsicArgument, IntrinsicFunctionName } from './intrinsic-syntax';

/** An argument's value beside the argument as written (for messages, and Format's placeholders). */
export interface EvaluatedArgument {
  node: IntrinsicArgument;
  value: unknown;
}

/**
 * What an evaluation reads from its caller. The caller resolves paths (the JSONPath part lives
 * elsewhere) and may supply the randomness, so that a step can record it and stay replayable.
 */
export interface IntrinsicEnvironment {
  /**
   * The value a path selects, the path as written: `$.a`, `$` (the state's input), `$$.Execution.Id`
   * (the context object), `$name.a` (a variable). Throws its own error (Step Functions:
   * `States.Runtime`) for a path that selects nothing; `undefined` is taken as nothing too.
   */
  readPath(path: string): unknown;
  /** A number in [0, 1) for States.MathRandom without a seed; default Math.random. */
  random?: () => number;
  /** A version 4 UUID for States.UUID; default crypto.randomUUID. */
  uuid?: () => string;
}

/** One function: how many arguments it takes, and what it makes of them. */
export interface IntrinsicFunction {
  /** Its arguments' roles, in order (for the arity message); `optional` of them may be left out. */
  parameters: readonly string[];
  optional?: number;
  /** Takes any number of arguments (States.Array, and Format's values after its template). */
  variadic?: boolean;
  run(args: IntrinsicArguments, env: IntrinsicEnvironment): unknown;
}

/** Step Functions' integers: "integer values in the range of -2147483648 and 2147483647". */
export const MIN_INTRINSIC_INTEGER = -2147483648;
export const MAX_INTRINSIC_INTEGER = 2147483647;

/** The arrays States.ArrayPartition and States.ArrayContains take are held to the state's size. */
export const MAX_INTRINSIC_ARRAY_BYTES = LIMITS.maxStateBytes;

/**
 * One call's arguments, read by number (0 for the first) with the rule each function gives it. A
 * broken rule is a States.IntrinsicFailure naming the function, the argument (its number and how it
 * was written) and the value it got.
 */
export class IntrinsicArguments {
  constructor(
    readonly functionName: IntrinsicFunctionName,
    private readonly args: readonly EvaluatedArgument[],
  ) {}

  get count(): number {
    return this.args.length;
  }

  node(index: number): IntrinsicArgument {
    return this.at(index).node;
  }

  value(index: number): unknown {
    return this.at(index).value;
  }

  values(): unknown[] {
    return this.args.map((arg) => arg.value);
  }

  string(index: number, maxLength?: number): string {
    const value = this.value(index);
    if (typeof value !== 'string') this.fail(index, 'must be a string');
    if (maxLength !== undefined && value.length > maxLength) {
      this.fail(index, `must be at most ${maxLength} characters long; it has ${value.length}`, false);
    }
    return value;
  }

  array(index: number, maxBytes?: number): unknown[] {
    const value = this.value(index);
    if (!Array.isArray(value)) this.fail(index, 'must be an array');
    if (maxBytes !== undefined) {
      const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
      if (bytes > maxBytes) this.fail(index, `must be at most ${maxBytes} bytes as JSON; it is ${bytes}`, false);
    }
    return value;
  }

  object(index: number): Record<string, unknown> {
    const value = this.value(index);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(index, 'must be a JSON object');
    return value as Record<string, unknown>;
  }

  boolean(index: number): boolean {
    const value = this.value(index);
    if (typeof value !== 'boolean') this.fail(index, 'must be true or false');
    return value;
  }

  /**
   * A number made an integer as Step Functions does where its documentation says "will round it off
   * to the nearest integer": halves up, as Java's Math.round (1.5 → 2, -1.5 → -1, -2.5 → -2).
   */
  roundedInteger(index: number): number {
    const value = this.value(index);
    if (typeof value !== 'number') this.fail(index, 'must be an integer');
    return this.inRange(index, Math.round(value) + 0);
  }

  /** A whole number as given, for which rounding would hide a mistake (an array index). */
  wholeInteger(index: number): number {
    const value = this.value(index);
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(index, 'must be an integer');
    return this.inRange(index, value);
  }

  /** Fails on argument `index` (0-based): `problem` says what it must be. */
  fail(index: number, problem: string, showValue = true): never {
    const { node, value } = this.at(index);
    const got = showValue ? `; got ${describe(value)}` : '';
    throw new IntrinsicFailureError(
      `States.${this.functionName}: argument ${index + 1} (${shorten(node.text)}) ${problem}${got}`,
      { functionName: `States.${this.functionName}`, argument: index + 1 },
    );
  }

  /** Fails on the call as a whole (arguments that are each right but not together). */
  failCall(problem: string): never {
    throw new IntrinsicFailureError(`States.${this.functionName}: ${problem}`, {
      functionName: `States.${this.functionName}`,
    });
  }

  private inRange(index: number, value: number): number {
    if (value < MIN_INTRINSIC_INTEGER || value > MAX_INTRINSIC_INTEGER) {
      this.fail(index, `must be an integer from ${MIN_INTRINSIC_INTEGER} to ${MAX_INTRINSIC_INTEGER}`);
    }
    return value;
  }

  private at(index: number): EvaluatedArgument {
    const arg = this.args[index];
    // The arity is checked before any argument is read: a missing one is this module's own mistake.
    if (arg === undefined) throw new Error(`States.${this.functionName} has no argument ${index + 1}`);
    return arg;
  }
}

/** A value as a message shows it: short, and typed when JSON alone would not say (a string). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${shorten(JSON.stringify(value))}`;
  if (Array.isArray(value)) return `an array of ${value.length} item(s)`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

const shorten = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
