import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/config';
import { LambdaStepDispatcher } from '../dispatch/lambda-step-dispatcher';
import { rootLogger } from '../observability/logger';
import type { StepDeps } from '../service/step-deps';
import { systemClock } from '../service/step-deps';
import { createDocumentClient } from '../storage/dynamo-client';
import { DynamoExecutionStore } from '../storage/dynamo-execution-store';
import { defaultRegistry } from '../tasks/default-registry';

let built: StepDeps | undefined;

/**
 * The composition root: config is validated and the AWS clients are created on first use in a
 * cold start, then reused by every invocation that the same Lambda instance serves.
 */
export function services(): StepDeps {
  if (!built) {
    const config = loadConfig();
    built = {
      store: new DynamoExecutionStore(
        createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
        config.TABLE_NAME,
      ),
      dispatcher: new LambdaStepDispatcher({
        region: config.AWS_REGION,
        functionName: config.STEP_FUNCTION_NAME,
        endpoint: config.LAMBDA_ENDPOINT,
      }),
      registry: defaultRegistry(),
      clock: systemClock,
      logger: rootLogger,
      newToken: randomUUID,
    };
  }
  return built;
}
