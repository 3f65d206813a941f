import type { IntrinsicFunction } from './intrinsic-arguments';

/** Between JSON values and their text, and the merge of two objects. */
export const JSON_INTRINSICS = {
  /**
   * `States.StringToJson('{"foo": "bar"}')` → `{ "foo": "bar" }`. Text of blanks only gives null,
   * as Step Functions answers for it.
   */
  StringToJson: {
    parameters: ['JSON text'],
    run: (args) => {
      const text = args.string(0);
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        return args.fail(0, `must be JSON text (${(error as Error).message})`);
      }
    },
  },

  /** `States.JsonToString($.unescapedJson)` → `'{"foo":"bar"}'`: compact JSON text, as Step Functions writes it. */
  JsonToString: {
    parameters: ['value'],
    run: (args) => JSON.stringify(args.value(0)),
  },

  /**
   * `States.JsonMerge($.json1, $.json2, false)`: the keys of both objects, the second's value where
   * both have one. Shallow only, as Step Functions: the third argument (deep merge) must be false.
   */
  JsonMerge: {
    parameters: ['first object', 'second object', 'deep merge'],
    run: (args) => {
      const first = args.object(0);
      const second = args.object(1);
      if (args.boolean(2)) args.fail(2, 'must be false: only the shallow merge is supported, as in Step Functions');
      // Spread defines keys (a `__proto__` key stays a plain key); Object.assign would set them.
      return { ...first, ...second };
    },
  },
} satisfies Record<string, IntrinsicFunction>;
