/**
 * What the import reads, field by field (docs/state-machines.md shows the same table).
 * Anything not listed is refused by path: nothing in a definition is silently ignored.
 */
export const SUPPORTED_STATE_MACHINE_FIELDS = [
  'Comment',
  'QueryLanguage',
  'StartAt',
  'States',
  'TimeoutSeconds',
  'Version',
] as const;

export const SUPPORTED_STATE_FIELDS = {
  Task: [
    'Type',
    'Comment',
    'QueryLanguage',
    'Resource',
    'Arguments',
    'Output',
    'Assign',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Retry',
    'Catch',
    'Next',
    'End',
  ],
  Wait: ['Type', 'Comment', 'QueryLanguage', 'Seconds', 'Timestamp', 'Output', 'Assign', 'Next', 'End'],
  Pass: ['Type', 'Comment', 'QueryLanguage', 'Output', 'Assign', 'Next', 'End'],
  // A Choice's top-level Output and Assign apply when its Default is taken.
  Choice: ['Type', 'Comment', 'QueryLanguage', 'Choices', 'Default', 'Output', 'Assign'],
  Succeed: ['Type', 'Comment', 'QueryLanguage', 'Output'],
  Fail: ['Type', 'Comment', 'QueryLanguage', 'Error', 'Cause'],
  Parallel: [
    'Type',
    'Comment',
    'QueryLanguage',
    'Branches',
    'Arguments',
    'Output',
    'Assign',
    'TimeoutSeconds',
    'Retry',
    'Catch',
    'Next',
    'End',
  ],
  Map: [
    'Type',
    'Comment',
    'QueryLanguage',
    'ItemProcessor',
    'Iterator',
    'Items',
    'ItemSelector',
    'MaxConcurrency',
    'ToleratedFailurePercentage',
    'ToleratedFailureCount',
    'Label',
    'Arguments',
    'Output',
    'Assign',
    'TimeoutSeconds',
    'Retry',
    'Catch',
    'Next',
    'End',
  ],
} as const satisfies Record<string, readonly string[]>;

export type SupportedStateType = keyof typeof SUPPORTED_STATE_FIELDS;

export const SUPPORTED_RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
] as const;
export const SUPPORTED_CATCHER_FIELDS = ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'] as const;
export const SUPPORTED_CHOICE_RULE_FIELDS = ['Condition', 'Next', 'Comment', 'Assign'] as const;

/** A Parallel state's branch, a Map state's ItemProcessor (or the older Iterator): each a sub-flow. */
export const SUPPORTED_BRANCH_FIELDS = ['Comment', 'StartAt', 'States'] as const;
export const SUPPORTED_ITEM_PROCESSOR_FIELDS = ['Comment', 'ProcessorConfig', 'StartAt', 'States'] as const;
export const SUPPORTED_PROCESSOR_CONFIG_FIELDS = ['Mode', 'ExecutionType'] as const;
/** Both modes run as our map (its iterations are child executions either way). */
export const PROCESSOR_MODES = ['INLINE', 'DISTRIBUTED'] as const;
export const EXECUTION_TYPES = ['STANDARD', 'EXPRESS'] as const;

/**
 * Fields of a state that a flow cannot run, each with what to do instead: said in the 400 rather
 * than a bare "not supported", since each has a way round.
 */
export const REFUSED_STATE_FIELDS: Partial<Record<SupportedStateType, Record<string, string>>> = {
  Map: {
    ItemReader: 'ItemReader (S3) is not supported: pass the items in the input (or give them in Items)',
    ResultWriter:
      "ResultWriter (S3) is not supported: the map's result is the array of its iterations' outputs; to keep them out of the state, set write_results: true on the imported map (its outputs are then read through the children route)",
    ItemBatcher: 'ItemBatcher is not supported: each item runs on its own (group the items in Items to batch them)',
    MaxConcurrencyPath: 'MaxConcurrencyPath (JSONPath) is not supported: give MaxConcurrency as a number',
    ToleratedFailurePercentagePath:
      'ToleratedFailurePercentagePath (JSONPath) is not supported: give ToleratedFailurePercentage as a number',
    ToleratedFailureCountPath:
      'ToleratedFailureCountPath (JSONPath) is not supported: give ToleratedFailureCount as a number',
  },
};

export const isSupportedStateType = (type: unknown): type is SupportedStateType =>
  typeof type === 'string' && Object.hasOwn(SUPPORTED_STATE_FIELDS, type);
