import { randomUUID } from 'node:crypto';
import { seededRandom } from '../../expressions/extra-functions';
import type { IntrinsicFunction } from './intrinsic-arguments';

/**
 * Numbers and identifiers. Randomness comes from the caller's environment when it gives one (so an
 * engine can record it with the step); with a seed, States.MathRandom is the same number every time.
 */
export const MATH_INTRINSICS = {
  /**
   * `States.MathRandom(1, 999)` → an integer from 1 included to 999 excluded. With a seed
   * (`States.MathRandom(1, 999, 42)`) always the same one: the number JSONata's `$random(42)` gives,
   * scaled; it is not the number Step Functions gives for that seed.
   */
  MathRandom: {
    parameters: ['start', 'end', 'seed'],
    optional: 1,
    run: (args, env) => {
      const start = args.roundedInteger(0);
      const end = args.roundedInteger(1);
      if (end <= start) args.fail(1, `must be greater than the start (${start}): the end is excluded`);
      const fraction = args.count === 3 ? seededRandom(args.roundedInteger(2)) : (env.random ?? Math.random)();
      return start + Math.floor(fraction * (end - start));
    },
  },

  /** `States.MathAdd(111, -1)` → `110`. */
  MathAdd: {
    parameters: ['first number', 'second number'],
    run: (args) => args.roundedInteger(0) + args.roundedInteger(1),
  },

  /** `States.UUID()` → a version 4 UUID such as `'ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8'`. */
  UUID: {
    parameters: [],
    run: (_args, env) => (env.uuid ?? randomUUID)(),
  },
} satisfies Record<string, IntrinsicFunction>;
