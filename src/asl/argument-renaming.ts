import type { ErrorDetail } from '../domain/errors';
import type { QueryLanguage } from './query-language';

type AslObject = Record<string, unknown>;
const PATH_SUFFIX = '.$';

/**
 * An integration's arguments (`StateMachineArn`, `TaskToken`) under the names of the task type
 * that runs it (`flow_id`, `task_token`): in JSONPath mode a computed one keeps its `.$`. An
 * argument the call does not take is a problem at its place, naming `call` and the ones it takes.
 */
export function renamedArguments(
  written: AslObject,
  names: Readonly<Record<string, string>>,
  o: { mode: QueryLanguage; call: string; at: (key: string) => string; details: ErrorDetail[] },
): AslObject {
  const renamed: AslObject = {};
  for (const [key, value] of Object.entries(written)) {
    const dynamic = o.mode === 'JSONPath' && key.endsWith(PATH_SUFFIX);
    const argument = dynamic ? key.slice(0, -PATH_SUFFIX.length) : key;
    const name = Object.hasOwn(names, argument) ? names[argument] : undefined;
    if (name === undefined) {
      o.details.push({
        path: o.at(key),
        message: `is not an argument of ${o.call} here (${Object.keys(names).join(', ')} are)`,
      });
      continue;
    }
    renamed[dynamic ? `${name}${PATH_SUFFIX}` : name] = value;
  }
  return renamed;
}

/** Whether a renamed argument is there, written or computed. */
export const hasArgument = (renamed: AslObject, name: string): boolean =>
  name in renamed || `${name}${PATH_SUFFIX}` in renamed;
