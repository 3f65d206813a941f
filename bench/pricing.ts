/**
 * Published AWS on-demand prices, us-east-1, as listed on the AWS pricing pages for Lambda,
 * DynamoDB and Step Functions (read 2026-11; DynamoDB on-demand prices as cut in November 2024).
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
  stepFunctionsStandardPerMillionTransitions: 25,
  stepFunctionsExpressPerMillionRequests: 1,
  /** Express duration charge, first tier, per GB-second (billed in 100 ms units at 64 MB minimum). */
  stepFunctionsExpressPerGbSecond: 0.00001667,
} as const;

export interface StepCost {
  invocationsPerStep: number;
  writeUnitsPerStep: number;
  readUnitsPerStep: number;
  /** Billed Lambda duration of one step invocation, in ms (billing rounds up to 1 ms). */
  billedMsPerStep: number;
  memoryMb: number;
}

/** US dollars for one million steps of this engine. */
export function usdPerMillionSteps(c: StepCost): number {
  const gbSeconds = (c.memoryMb / 1024) * (Math.ceil(c.billedMsPerStep) / 1000);
  return (
    c.invocationsPerStep * PRICES.lambdaPerMillionRequests +
    1e6 * gbSeconds * c.invocationsPerStep * PRICES.lambdaPerGbSecondArm +
    c.writeUnitsPerStep * PRICES.dynamoPerMillionWriteUnits +
    c.readUnitsPerStep * PRICES.dynamoPerMillionReadUnits
  );
}

/** Step Functions Express for one million one-state workflows of 100 ms at 64 MB: a lower bound per step. */
export const stepFunctionsExpressUsdPerMillion = (): number =>
  PRICES.stepFunctionsExpressPerMillionRequests + 1e6 * (64 / 1024) * 0.1 * PRICES.stepFunctionsExpressPerGbSecond;
