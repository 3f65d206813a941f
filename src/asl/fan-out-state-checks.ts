import { isPlainObject } from '../domain/flow/flow-schema';
import { ASL_MESSAGES } from './asl-errors';
import {
  EXECUTION_TYPES,
  PROCESSOR_MODES,
  SUPPORTED_BRANCH_FIELDS,
  SUPPORTED_ITEM_PROCESSOR_FIELDS,
  SUPPORTED_PROCESSOR_CONFIG_FIELDS,
} from './supported-fields';

type AslObject = Record<string, unknown>;
type Segment = string | number;
type Problem = (message: string, ...path: Segment[]) => void;

/** Checks a sub-machine (a branch, an item processor) at `path`: its fields, then its states as a machine's. */
type SubMachineProblems = (machine: AslObject, path: Segment[], fields: readonly string[], where: string) => void;

/**
 * The parts of a Parallel or Map state that make it unreadable as a fan-out, by path: its branches
 * or its item processor (one of ItemProcessor and the older Iterator), each a machine of its own,
 * and the processor's configuration. The values of Items, MaxConcurrency and the tolerated failures
 * are checked by the flow validation, with the same paths.
 */
export function fanOutStateProblems(
  type: 'Parallel' | 'Map',
  state: AslObject,
  at: (...path: Segment[]) => Segment[],
  problem: Problem,
  subMachine: SubMachineProblems,
): void {
  if (type === 'Parallel') {
    const branches = state.Branches;
    if (!Array.isArray(branches) || branches.length === 0) {
      problem('must be an array of at least one branch { StartAt, States }', ...at('Branches'));
      return;
    }
    branches.forEach((branch: unknown, i) => {
      if (!isPlainObject(branch)) problem(ASL_MESSAGES.notAnObject, ...at('Branches', i));
      else subMachine(branch, at('Branches', i), SUPPORTED_BRANCH_FIELDS, 'a branch');
    });
    return;
  }
  const given = (['ItemProcessor', 'Iterator'] as const).filter((field) => state[field] !== undefined);
  if (given.length !== 1) {
    problem(
      'give exactly one of ItemProcessor and Iterator: the states { StartAt, States } each item runs',
      ...at(given[1] ?? 'ItemProcessor'),
    );
    return;
  }
  const field = given[0]!;
  const processor = state[field];
  if (!isPlainObject(processor)) {
    problem(ASL_MESSAGES.notAnObject, ...at(field));
    return;
  }
  subMachine(processor, at(field), SUPPORTED_ITEM_PROCESSOR_FIELDS, `a Map state's ${field}`);
  const config = processor.ProcessorConfig;
  if (config === undefined) return;
  const configAt = (...path: Segment[]) => at(field, 'ProcessorConfig', ...path);
  if (!isPlainObject(config)) {
    problem(ASL_MESSAGES.notAnObject, ...configAt());
    return;
  }
  for (const key of Object.keys(config)) {
    if (!(SUPPORTED_PROCESSOR_CONFIG_FIELDS as readonly string[]).includes(key))
      problem(ASL_MESSAGES.unknownField(key, 'a ProcessorConfig'), ...configAt(key));
  }
  if (config.Mode !== undefined && !(PROCESSOR_MODES as readonly unknown[]).includes(config.Mode))
    problem(`must be one of ${PROCESSOR_MODES.join(', ')}`, ...configAt('Mode'));
  if (config.ExecutionType !== undefined && !(EXECUTION_TYPES as readonly unknown[]).includes(config.ExecutionType))
    problem(`must be one of ${EXECUTION_TYPES.join(', ')}`, ...configAt('ExecutionType'));
}
