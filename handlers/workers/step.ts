import type { Context } from 'aws-lambda';
import { services } from '../../src/app/services';
import { StepMessageSchema } from '../../src/domain/execution/step-message';
import { rootLogger, withKeys } from '../../src/observability/logger';
import { runStep, type StepReport } from '../../src/service/step-runner';
import type { StepDeps } from '../../src/service/step-deps';

/**
 * The step function: one invocation runs one task step. No HTTP route reaches it; it is invoked
 * asynchronously by the API (step 1) and by itself (every following step).
 */
export function createStepHandler(deps: () => StepDeps) {
  return async (event: unknown, context?: Context): Promise<StepReport | { outcome: 'rejected'; reason: string }> => {
    const parsed = StepMessageSchema.safeParse(event);
    if (!parsed.success) {
      // Retrying a malformed event cannot help, so it is logged and dropped rather than thrown.
      rootLogger.error('invalid step event', { issues: parsed.error.issues });
      return { outcome: 'rejected', reason: 'invalid_event' };
    }
    const { execution_id, task, seq } = parsed.data;
    const base = deps();
    const logger = withKeys(base.logger, { execution_id, task, seq, request_id: context?.awsRequestId ?? '' });
    try {
      return await runStep(parsed.data, { ...base, logger });
    } catch (error) {
      // Rethrown so AWS retries the event; every write is conditional, so a retry is harmless.
      logger.error('step failed', { error: error as Error });
      throw error;
    }
  };
}

export const handler = createStepHandler(services);
