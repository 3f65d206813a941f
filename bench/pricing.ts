/**
 * Published AWS on-demand prices, us-east-1, as listed on the AWS pricing pages for Lambda,
 * DynamoDB, CloudWatch Logs and Step Functions (read 2026-11; DynamoDB on-demand prices as cut in
 * November 2024).
 * Change them here only, with the date.
 */
export const PRICES = {
  date: '2026-11',
  region: 'us-east-1',
  lambdaPerMillionRequests: 0.2,
  /** arm64 (the functions' architecture), first pricing tier. */
  lambdaPerGbSecondArm: 0.0000133334,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  /** CloudWatch Logs, Standard log class, data ingested (first tier), per GB of 2^30 bytes. */
  cloudwatchLogsPerGbIngested: 0.5,
  stepFunctionsStandardPerMillionTransitions: 25,
  stepFunctionsExpressPerMillionRequests: 1,
  /** Express duration charge, first tier, per GB-second (billed in 100 ms units at 64 MB minimum). */
  stepFunctionsExpressPerGbSecond: 0.00001667,
} as const;

/**
 * What Lambda itself writes to the function's log group per invocation, in its text format: the
 * START, END and REPORT lines (each with the 36-character request id; REPORT's figures vary by a
 * few bytes). A cold start adds an init line to REPORT, left out here.
 */
export const LAMBDA_PLATFORM_LOG = { bytes: 71 + 52 + 139, events: 3 } as const;
/** What CloudWatch Logs counts per log event on top of its message, as PutLogEvents sizes a batch. */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

export interface StepCost {
  invocationsPerStep: number;
  writeUnitsPerStep: number;
  readUnitsPerStep: number;
  /** Billed Lambda duration of one step invocation, in ms (billing rounds up to 1 ms). */
  billedMsPerStep: number;
  memoryMb: number;
  /** What the step's own code logs (at the deployed level, INFO): UTF-8 bytes and lines per step. */
  logBytesPerStep: number;
  logLinesPerStep: number;
}

/** Bytes CloudWatch Logs ingests per step: the step's own lines and Lambda's, each with its event overhead. */
export const loggedBytesPerStep = (
  c: Pick<StepCost, 'invocationsPerStep' | 'logBytesPerStep' | 'logLinesPerStep'>,
): number =>
  c.invocationsPerStep * (LAMBDA_PLATFORM_LOG.bytes + LAMBDA_PLATFORM_LOG.events * LOG_EVENT_OVERHEAD_BYTES) +
  c.logBytesPerStep +
  c.logLinesPerStep * LOG_EVENT_OVERHEAD_BYTES;

/** US dollars for one million steps of this engine: Lambda, DynamoDB and the logs both write. */
export function usdPerMillionSteps(c: StepCost): number {
  const gbSeconds = (c.memoryMb / 1024) * (Math.ceil(c.billedMsPerStep) / 1000);
  return (
    c.invocationsPerStep * PRICES.lambdaPerMillionRequests +
    1e6 * gbSeconds * c.invocationsPerStep * PRICES.lambdaPerGbSecondArm +
    c.writeUnitsPerStep * PRICES.dynamoPerMillionWriteUnits +
    c.readUnitsPerStep * PRICES.dynamoPerMillionReadUnits +
    ((1e6 * loggedBytesPerStep(c)) / 2 ** 30) * PRICES.cloudwatchLogsPerGbIngested
  );
}

/** Step Functions Express for one million one-state workflows of 100 ms at 64 MB: a lower bound per step. */
export const stepFunctionsExpressUsdPerMillion = (): number =>
  PRICES.stepFunctionsExpressPerMillionRequests + 1e6 * (64 / 1024) * 0.1 * PRICES.stepFunctionsExpressPerGbSecond;

/**
 * State transitions Step Functions Standard bills per item of an inline Map whose item processor
 * is one Task state: the iteration itself and its one state. The Map state's own transition is
 * once per map, left out (it is nothing per item at 100 items and more).
 */
export const INLINE_MAP_TRANSITIONS_PER_ITEM = 2;

/** Step Functions Standard, inline Map of a one-task item processor: transitions per item at the Standard price. */
export const stepFunctionsInlineMapUsdPerMillionItems = (
  transitionsPerItem = INLINE_MAP_TRANSITIONS_PER_ITEM,
): number => transitionsPerItem * PRICES.stepFunctionsStandardPerMillionTransitions;

/**
 * Step Functions Distributed Map running each item as an Express child workflow (no ItemBatcher:
 * one item per child): the child's request and duration, priced as `stepFunctionsExpressUsdPerMillion`
 * (100 ms at 64 MB, a lower bound), plus the one Standard state transition the map run bills per
 * child workflow it starts.
 */
export const stepFunctionsDistributedMapUsdPerMillionItems = (): number =>
  stepFunctionsExpressUsdPerMillion() + PRICES.stepFunctionsStandardPerMillionTransitions;
