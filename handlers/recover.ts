import { services } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import { rootLogger, withKeys } from '../src/observability/logger';
import { recoverStalled } from '../src/service/recover-stalled';

/**
 * Scheduled (every minute on AWS): finds RUNNING executions that made no progress — a step never
 * claimed, a lease that expired, a final status never written — and puts them back on track.
 */
export const handler = async (_event: unknown, context?: { awsRequestId?: string }) => {
  const logger = withKeys(rootLogger, { request_id: context?.awsRequestId ?? '', function: 'recover' });
  const report = await recoverStalled({ ...services(), logger }, { graceSeconds: loadConfig().RECOVERY_GRACE_SECONDS });
  logger.info('recovery sweep done', { ...report });
  return report;
};
