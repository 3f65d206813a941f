import { FORBIDDEN_KEYS } from '../lib/json-guards';

/**
 * Flow variable names, by Step Functions' rules: a Unicode identifier (UAX #31: ID_Start, then
 * ID_Continue characters), at most 80 characters, and never `states`, which names the reserved
 * `$states`. An underscore may also come first, as in JavaScript identifiers. Every such name
 * is also a valid JSONata variable name, so `$<name>` always reads it. The keys this project
 * never accepts in data (`__proto__`, `constructor`, `prototype`) are refused here too.
 */
export const MAX_VARIABLE_NAME_LENGTH = 80;
export const RESERVED_VARIABLE_NAME = 'states';

const IDENTIFIER = /^[\p{ID_Start}_]\p{ID_Continue}*$/u;

/** Why `name` cannot name a flow variable, or undefined when it can. */
export function variableNameProblem(name: string): string | undefined {
  if (name === RESERVED_VARIABLE_NAME) return `'${RESERVED_VARIABLE_NAME}' is reserved for $states`;
  if (FORBIDDEN_KEYS.has(name)) return `'${name}' is not allowed`;
  // Counted in characters, not UTF-16 units, so a name in any script gets the same allowance.
  if ([...name].length > MAX_VARIABLE_NAME_LENGTH) return `must be at most ${MAX_VARIABLE_NAME_LENGTH} characters`;
  if (!IDENTIFIER.test(name)) {
    return 'must start with a letter or underscore and continue with letters, digits or underscores';
  }
  return undefined;
}

export const isValidVariableName = (name: string): boolean => variableNameProblem(name) === undefined;
