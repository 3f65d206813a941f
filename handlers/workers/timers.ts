import { services } from '../../src/app/services';
import { loadConfig } from '../../src/config/config';
import { rootLogger, withKeys } from '../../src/observability/logger';
import { fireDueTimers } from '../../src/service/fire-timers';

/**
 * Scheduled: hands on waiting steps once they are due (durable waits, retry backoffs). On AWS it
 * runs every minute and polls about once a second for most of that minute; locally the same code
 * runs every second and polls once (TIMER_POLL_SECONDS).
 */
export const handler = async (
  _event: unknown,
  context?: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
) => {
  const logger = withKeys(rootLogger, { request_id: context?.awsRequestId ?? '', function: 'timers' });
  const config = loadConfig();
  const lambdaLeftMs = (context?.getRemainingTimeInMillis?.() ?? Infinity) - 5000;
  const report = await fireDueTimers(
    { ...services(), logger },
    { forMs: Math.min(config.TIMER_POLL_SECONDS * 1000, lambdaLeftMs), pollIntervalMs: 1000 },
  );
  if (report.fired > 0 || report.errors > 0) logger.info('timers fired', { ...report });
  return report;
};
