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
    'Retry',
    'Catch',
    'Next',
    'End',
  ],
  Wait: ['Type', 'Comment', 'QueryLanguage', 'Seconds', 'Timestamp', 'Output', 'Assign', 'Next', 'End'],
  Pass: ['Type', 'Comment', 'QueryLanguage', 'Output', 'Assign', 'Next', 'End'],
  Choice: ['Type', 'Comment', 'QueryLanguage', 'Choices', 'Default'],
  Succeed: ['Type', 'Comment', 'QueryLanguage'],
  Fail: ['Type', 'Comment', 'QueryLanguage', 'Error', 'Cause'],
} as const satisfies Record<string, readonly string[]>;

export type SupportedStateType = keyof typeof SUPPORTED_STATE_FIELDS;

export const SUPPORTED_RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
] as const;
export const SUPPORTED_CATCHER_FIELDS = ['ErrorEquals', 'Next', 'Output'] as const;
export const SUPPORTED_CHOICE_RULE_FIELDS = ['Condition', 'Next'] as const;

/** Why a state type we do not run is refused: said in the 400, so the user knows what to change. */
export const UNSUPPORTED_STATE_TYPES: Record<string, string> = {
  Map: 'Map states are not supported: a flow runs one task at a time',
  Parallel: 'Parallel states are not supported: a flow runs one task at a time',
};

export const isSupportedStateType = (type: unknown): type is SupportedStateType =>
  typeof type === 'string' && Object.hasOwn(SUPPORTED_STATE_FIELDS, type);
