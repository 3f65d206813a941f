import type { SupportedStateType } from './supported-fields';

/**
 * What the import reads of a JSONPath-mode state (the default when no QueryLanguage is given),
 * field by field; docs/state-machines.md shows the same table. Anything not listed is refused by
 * path. JSONata's Arguments and Output have no place in a JSONPath state; its Assign is a payload
 * template whose top-level fields are variable names.
 */
const COMMON = ['Type', 'Comment', 'QueryLanguage'] as const;
const DATA = ['InputPath', 'OutputPath'] as const;
const RESULT = ['Parameters', 'ResultSelector', 'ResultPath'] as const;
const TRANSITION = ['Next', 'End'] as const;
const ERROR_HANDLING = ['Retry', 'Catch'] as const;
const ASSIGN = 'Assign';

export const JSONPATH_STATE_FIELDS = {
  Task: [
    ...COMMON,
    ...DATA,
    ...RESULT,
    'Resource',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    ASSIGN,
    ...ERROR_HANDLING,
    ...TRANSITION,
  ],
  Pass: [...COMMON, ...DATA, 'Parameters', 'Result', 'ResultPath', ASSIGN, ...TRANSITION],
  Wait: [...COMMON, ...DATA, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath', ASSIGN, ...TRANSITION],
  Choice: [...COMMON, ...DATA, 'Choices', 'Default', ASSIGN],
  Succeed: [...COMMON, ...DATA],
  Fail: [...COMMON, 'Error', 'Cause', 'ErrorPath', 'CausePath'],
  Parallel: [...COMMON, ...DATA, ...RESULT, 'Branches', ASSIGN, ...ERROR_HANDLING, ...TRANSITION],
  Map: [
    ...COMMON,
    ...DATA,
    ...RESULT,
    'ItemProcessor',
    'Iterator',
    'ItemsPath',
    'ItemSelector',
    'MaxConcurrency',
    'ToleratedFailurePercentage',
    'ToleratedFailureCount',
    'Label',
    ASSIGN,
    ...ERROR_HANDLING,
    ...TRANSITION,
  ],
} as const satisfies Record<SupportedStateType, readonly string[]>;

/** A retrier reads the same in both modes (SUPPORTED_RETRIER_FIELDS); a catcher places its error by ResultPath. */
export const JSONPATH_CATCHER_FIELDS = ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'] as const;

/** Fields of a JSONPath state the flow engine cannot run yet, each with what to do instead. */
export const REFUSED_JSONPATH_FIELDS: Record<string, string> = {
  Credentials: 'Credentials (a role to assume) is not supported: the step function calls with its own role',
  Arguments: 'Arguments is a JSONata field: in JSONPath mode give Parameters (or set QueryLanguage to JSONata)',
  Output:
    'Output is a JSONata field: in JSONPath mode give OutputPath or ResultSelector (or set QueryLanguage to JSONata)',
  Items: 'Items is a JSONata field: in JSONPath mode give ItemsPath',
  ItemReader: 'ItemReader (S3) is not supported: pass the items in the input',
  ResultWriter: "ResultWriter (S3) is not supported: the map's result is the array of its iterations' outputs",
  ItemBatcher: 'ItemBatcher is not supported: each item runs on its own',
  MaxConcurrencyPath: 'MaxConcurrencyPath is not supported: give MaxConcurrency as a number',
  ToleratedFailurePercentagePath:
    'ToleratedFailurePercentagePath is not supported: give ToleratedFailurePercentage as a number',
  ToleratedFailureCountPath: 'ToleratedFailureCountPath is not supported: give ToleratedFailureCount as a number',
};
