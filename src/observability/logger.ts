import { Logger } from '@aws-lambda-powertools/logger';
import type { TaskLogger } from '../tasks/task-type';

/** One structured JSON logger per cold start; children add correlation keys to every line. */
export const rootLogger = new Logger({ serviceName: 'flow-manager' });

export type AppLogger = Logger;

/** A child whose every line carries the given keys (execution id, task, step, request id). */
export const withKeys = (logger: Logger, keys: Record<string, string | number>): Logger =>
  logger.createChild({ persistentKeys: keys });

export const toTaskLogger = (logger: Logger): TaskLogger => ({
  debug: (message, extra) => logger.debug(message, extra ?? {}),
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
});
