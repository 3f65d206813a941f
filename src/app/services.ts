import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/config';
import { parseFaultConfig } from '../faults/fault-config';
import { withFaults } from '../faults/with-faults';
import { LambdaStepDispatcher } from '../dispatch/lambda-step-dispatcher';
import { RetryingDispatcher } from '../dispatch/retrying-dispatcher';
import { rootLogger } from '../observability/logger';
import type { StepDeps } from '../service/step-deps';
import { systemClock } from '../ports/clock';
import { createDocumentClient } from '../storage/dynamo/dynamo-client';
import { DynamoExecutionStore } from '../storage/dynamo/dynamo-execution-store';
import { DynamoFanOutStore } from '../storage/dynamo/dynamo-fan-out-store';
import { DynamoFlowStore } from '../storage/dynamo/dynamo-flow-store';
import { MockConfigFile } from '../storage/mock-config-file';
import type { FlowStore } from '../ports/flow-store';
import type { SavedFlowDeps } from '../service/saved-flow-deps';
import { defaultRegistry } from '../tasks/default-registry';

let built: StepDeps | undefined;
let builtFlows: FlowStore | undefined;

/**
 * The composition root: config is validated and the AWS clients are created on first use in a
 * cold start, then reused by every invocation that the same Lambda instance serves.
 */
export function services(): StepDeps {
  if (!built) {
    const config = loadConfig();
    const documentClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
    const invoker = new LambdaStepDispatcher({
      region: config.AWS_REGION,
      functionName: config.STEP_FUNCTION_NAME,
      endpoint: config.LAMBDA_ENDPOINT,
    });
    builtFlows = new DynamoFlowStore(documentClient, config.TABLE_NAME);
    built = {
      store: new DynamoExecutionStore(documentClient, config.TABLE_NAME, {
        retentionDays: config.EXECUTION_RETENTION_DAYS,
      }),
      fanOuts: new DynamoFanOutStore(documentClient, config.TABLE_NAME, {
        retentionDays: config.EXECUTION_RETENTION_DAYS,
      }),
      dispatcher: new RetryingDispatcher(invoker),
      registry: defaultRegistry(),
      clock: systemClock,
      logger: rootLogger,
      newToken: randomUUID,
      leaseMarginSeconds: config.LEASE_MARGIN_SECONDS,
      maxStepTakeovers: config.MAX_STEP_TAKEOVERS,
      flows: builtFlows,
      timeScale: config.FLOW_TIME_SCALE ?? 1,
      ...(config.SFN_MOCK_CONFIG !== undefined && { mocks: new MockConfigFile(config.SFN_MOCK_CONFIG) }),
    };
    const faults = parseFaultConfig(config.FLOW_FAULTS);
    if (faults) {
      rootLogger.warn('fault injection is ON', { faults });
      const ledgerClient = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
      built = withFaults(built, faults, {
        invoker,
        store: documentClient,
        ledger: ledgerClient,
        tableName: config.TABLE_NAME,
      });
    }
  }
  return built;
}

/** The services plus the saved flows' store (same client and table), for the saved-flow routes. */
export function flowServices(): SavedFlowDeps {
  const deps = services();
  return { ...deps, flows: builtFlows! };
}
