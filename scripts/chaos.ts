/**
 * `npm run test:chaos [-- --executions 200]`: starts DynamoDB Local and serverless offline with
 * fault injection, runs the chaos mix, prints the results table, writes chaos-results.json and
 * exits non-zero when any guarantee is broken.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { startDynamo } from './local-stack/dynamodb';
import { freePort } from './local-stack/ports';
import { startChaosStack } from './chaos/chaos-stack';
import { chaosTable, guaranteesHold, runChaos } from './chaos/run-chaos';

/** serverless offline's output during the run (git-ignored), for digging into a failure. */
const OFFLINE_LOG = 'chaos-offline.log';

async function main() {
  const flag = process.argv.indexOf('--executions');
  const executions = flag > 0 ? Number(process.argv[flag + 1]) : 200;
  if (!Number.isInteger(executions) || executions < 1) throw new Error('--executions takes a whole number');
  const dynamo = await startDynamo({ port: await freePort() });
  writeFileSync(OFFLINE_LOG, '');
  const stack = await startChaosStack(dynamo.endpoint, (line) => appendFileSync(OFFLINE_LOG, `${line}\n`));
  try {
    console.log(`chaos: ${executions} executions against ${stack.apiUrl} (DynamoDB: ${dynamo.engine})`);
    const results = await runChaos({
      executions,
      apiKey: stack.apiKey,
      apiUrl: stack.apiUrl,
      lambdaEndpoint: stack.lambdaEndpoint,
      recoverFunctionName: stack.recoverFunctionName,
      dynamoEndpoint: dynamo.endpoint,
      tableName: stack.tableName,
    });
    writeFileSync('chaos-results.json', `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${chaosTable(results)}\n`);
    for (const failure of results.failures.slice(0, 20)) console.log(`  ✗ ${failure}`);
    const ok = guaranteesHold(results);
    console.log(ok ? 'chaos: every guarantee held' : 'chaos: GUARANTEE BROKEN');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await stack.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
