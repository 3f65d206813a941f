import { canonicalJson } from '../../domain/execution/execution-name';
import { MAX_RANGE_ITEMS } from '../../expressions';
import { type IntrinsicFunction, MAX_INTRINSIC_ARRAY_BYTES } from './intrinsic-arguments';

/**
 * The array functions. Equality (ArrayContains, ArrayUnique) is JSON's: objects with the same keys
 * and values in any order are equal, compared through their canonical text, so ArrayUnique stays
 * linear on a long array.
 */
export const ARRAY_INTRINSICS = {
  /** `States.Array('Foo', 2022, $.someJson, null)` → `["Foo", 2022, {…}, null]`. */
  Array: {
    parameters: [],
    variadic: true,
    run: (args) => args.values(),
  },

  /** `States.ArrayPartition([1,…,9], 4)` → `[[1,2,3,4],[5,6,7,8],[9]]`. */
  ArrayPartition: {
    parameters: ['array', 'chunk size'],
    run: (args) => {
      const items = args.array(0, MAX_INTRINSIC_ARRAY_BYTES);
      const size = args.roundedInteger(1);
      if (size < 1) args.fail(1, 'must be a positive integer (the chunk size)');
      const chunks: unknown[][] = [];
      for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
      return chunks;
    },
  },

  /** `States.ArrayContains([1,…,9], 5)` → `true`. */
  ArrayContains: {
    parameters: ['array', 'value'],
    run: (args) => {
      const items = args.array(0, MAX_INTRINSIC_ARRAY_BYTES);
      const wanted = canonicalJson(args.value(1));
      return items.some((item) => canonicalJson(item) === wanted);
    },
  },

  /** `States.ArrayRange(1, 9, 2)` → `[1,3,5,7,9]`: from the first to the last, both included. */
  ArrayRange: {
    parameters: ['first', 'last', 'step'],
    run: (args) => {
      const first = args.roundedInteger(0);
      const last = args.roundedInteger(1);
      const step = args.roundedInteger(2);
      if (step === 0) args.fail(2, 'must not be 0 (the step)');
      const count = Math.max(0, Math.floor((last - first) / step) + 1);
      if (count > MAX_RANGE_ITEMS) {
        args.failCall(`the range would have ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
      }
      return Array.from({ length: count }, (_, i) => first + i * step);
    },
  },

  /** `States.ArrayGetItem([1,…,9], 5)` → `6` (the index counts from 0). */
  ArrayGetItem: {
    parameters: ['array', 'index'],
    run: (args) => {
      const items = args.array(0);
      const index = args.wholeInteger(1);
      if (index < 0 || index >= items.length) {
        args.fail(1, `must be an index of the array, from 0 to ${items.length - 1}`);
      }
      return items[index];
    },
  },

  /** `States.ArrayLength([1,…,9])` → `9`. */
  ArrayLength: {
    parameters: ['array'],
    run: (args) => args.array(0).length,
  },

  /** `States.ArrayUnique([1,2,3,3,3,3,3,3,4])` → `[1,2,3,4]`: each value once, where it first is. */
  ArrayUnique: {
    parameters: ['array'],
    run: (args) => {
      const seen = new Set<string>();
      return args.array(0).filter((item) => {
        const key = canonicalJson(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
  },
} satisfies Record<string, IntrinsicFunction>;
