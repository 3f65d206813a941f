import { ChoiceStateError } from '../../src/asl/choice-rules/choice-state-error';
import { choiceRuleMatches, chooseNext, type ReadPath } from '../../src/asl/choice-rules/choose-next';

/** A small stand-in for the JSONPath reader: `$`, `$.a.b` on the input, `$$.x` on a context object. */
export const choiceContext = { Execution: { Id: 'exec-1' }, x: 42 };
export const readPath: ReadPath = (path, input) => {
  const [root, rest] = path.startsWith('$$') ? [choiceContext, path.slice(2)] : [input, path.slice(1)];
  let value: unknown = root;
  for (const name of rest.split('.').slice(1)) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return { found: false };
    value = (value as Record<string, unknown>)[name];
  }
  return { found: true, value };
};

export const matches = (rule: object, input: unknown) => choiceRuleMatches(rule, input, readPath);
export const choose = (state: object, input: unknown) => chooseNext(state as Record<string, unknown>, input, readPath);

/** The error a call throws (failing the test when it throws none, or another kind). */
export function thrown(call: () => unknown): ChoiceStateError {
  try {
    call();
  } catch (error) {
    if (error instanceof ChoiceStateError) return error;
    throw error;
  }
  throw new Error('expected a ChoiceStateError');
}

/** The States Language spec's example Choice state ("Choice State"): DispatchEvent. */
export const dispatchEvent = {
  Type: 'Choice',
  Choices: [
    { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
    {
      And: [
        { Variable: '$.value', IsPresent: true },
        { Variable: '$.value', IsNumeric: true },
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Next: 'ValueInTwenties',
    },
    { Variable: '$.rating', NumericGreaterThanPath: '$.auditThreshold', Next: 'StartAudit' },
  ],
  Default: 'RecordEvent',
};
