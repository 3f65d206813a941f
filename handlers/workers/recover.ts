import { services } from '../../src/app/services';
import { loadConfig } from '../../src/config/config';
import { rootLogger, withKeys } from '../../src/observability/logger';
import { recoverStalled } from '../../src/service/recover-stalled';

/**
 * Scheduled (every minute on AWS): finds RUNNING executions that made no progress — a step never
 * claimed, or a lease that expired — and puts them back on track, going on where the last sweep stopped.
 */
export const handler = async (
  _event: unknown,
  context?: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
) => {
  const logger = withKeys(rootLogger, { request_id: context?.awsRequestId ?? '', function: 'recover' });
  const config = loadConfig();
  // Stop starting pages well before Lambda would stop the sweep mid-page.
  const lambdaLeftMs = (context?.getRemainingTimeInMillis?.() ?? Infinity) - 15_000;
  const timeBudgetMs = Math.max(1000, Math.min(config.RECOVERY_TIME_BUDGET_SECONDS * 1000, lambdaLeftMs));
  const report = await recoverStalled(
    { ...services(), logger },
    { graceSeconds: config.RECOVERY_GRACE_SECONDS, timeBudgetMs },
  );
  logger.info('recovery sweep done', { ...report });
  return report;
};
