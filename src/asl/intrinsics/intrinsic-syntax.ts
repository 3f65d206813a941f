/**
 * What an intrinsic function call (`States.Format('Hello, {}', $.name)`, the value of a JSONPath-mode
 * `Parameters` key ending in `.$`) is made of, once parsed. Every node keeps its place in the text,
 * so that a failure can name the argument as it was written.
 */

/** Every function of Amazon States Language, by its name after `States.`. */
export const INTRINSIC_FUNCTION_NAMES = [
  'Format',
  'StringToJson',
  'JsonToString',
  'Array',
  'ArrayPartition',
  'ArrayContains',
  'ArrayRange',
  'ArrayGetItem',
  'ArrayLength',
  'ArrayUnique',
  'Base64Encode',
  'Base64Decode',
  'Hash',
  'JsonMerge',
  'MathRandom',
  'MathAdd',
  'StringSplit',
  'UUID',
] as const;

export type IntrinsicFunctionName = (typeof INTRINSIC_FUNCTION_NAMES)[number];

/** Step Functions' limit: "You can nest up to 10 intrinsic functions within a field". */
export const MAX_INTRINSIC_CALLS = 10;

interface Located {
  /** Offset of the node's first character in the expression (0-based). */
  start: number;
  /** The node as written. */
  text: string;
}

export interface IntrinsicStringLiteral extends Located {
  kind: 'string';
  /** The text with its escapes (`\'`, `\{`, `\}`, `\\`) resolved. */
  value: string;
  /**
   * The text cut at each unescaped `{}`: what States.Format fills in between. An escaped brace
   * (`\{}`) is text, not a placeholder, which the resolved `value` alone could not tell.
   */
  formatParts: string[];
}

export interface IntrinsicNumberLiteral extends Located {
  kind: 'number';
  value: number;
}

export interface IntrinsicBooleanLiteral extends Located {
  kind: 'boolean';
  value: boolean;
}

export interface IntrinsicNullLiteral extends Located {
  kind: 'null';
}

/** A path read by the caller: `$…` the state's input, `$$…` the context object, `$name…` a variable. */
export interface IntrinsicPath extends Located {
  kind: 'path';
  root: 'input' | 'context' | 'variable';
}

export interface IntrinsicCall extends Located {
  kind: 'call';
  name: IntrinsicFunctionName;
  args: IntrinsicArgument[];
}

export type IntrinsicArgument =
  | IntrinsicStringLiteral
  | IntrinsicNumberLiteral
  | IntrinsicBooleanLiteral
  | IntrinsicNullLiteral
  | IntrinsicPath
  | IntrinsicCall;
