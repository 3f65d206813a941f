'use strict';
// Local serverless plugin, loaded before serverless-esbuild and serverless-offline.
const fs = require('node:fs');
const path = require('node:path');
const { generateTaskIndex } = require('../scripts/generate-task-index.cjs');

class FlowManagerLocalPlugin {
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    const log = (utils && utils.log) || console;
    this.tasksDir = path.join(serverless.config.servicePath, 'src', 'tasks');
    // serverless 3 turns an unhandled rejection into a process exit. Under serverless-offline an
    // async-invoked handler that rejects would take the whole local stack down with it; on AWS
    // the same rejection only fails (and retries) that one invocation, so log it and carry on.
    process.on('unhandledRejection', (reason) => {
      logError('unhandled rejection in a local invocation', reason);
    });
    const regenerate = () => generateTaskIndex(this.tasksDir);
    const regenerateAndWatch = () => {
      regenerate();
      this.watchTaskTypes();
    };
    // On an AWS stage serverless.yml ignores the local stack's variables (the functions read the key
    // hashes from SSM and use AWS's endpoints): say so, rather than let someone believe the keys or
    // endpoints in their shell were deployed.
    const warnIgnoredVariables = () => {
      const custom = serverless.service.custom || {};
      if (custom.stageKind !== 'aws') return;
      const ignored = ['FLOW_API_KEY_HASHES', 'DYNAMODB_ENDPOINT', 'LAMBDA_ENDPOINT'].filter((name) =>
        (process.env[name] || '').trim(),
      );
      if (ignored.length > 0) {
        log.warning(
          `${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} set in this shell but ignored on stage "${serverless.service.provider.stage}" (used by offline stages only); the functions read the API key hashes from the SSM parameter ${custom.apiKeyParameter}.`,
        );
      }
    };
    // The local stacks run handlers in this process (scripts/local-stack/offline.ts), where Node
    // caches a loaded bundle for good: after serverless-esbuild rebuilds on a change, forget the
    // old bundles so that the next invocation loads the new code, as a new worker would.
    const forgetBundles = () => {
      const buildDir = path.join(serverless.config.servicePath, process.env.FLOW_BUILD_FOLDER || '.esbuild') + path.sep;
      for (const file of Object.keys(require.cache)) if (file.startsWith(buildDir)) delete require.cache[file];
    };
    this.buildDir = () =>
      path.join(serverless.config.servicePath, process.env.FLOW_BUILD_FOLDER || '.esbuild', '.build');
    this.hooks = {
      'offline:functionsUpdated:cleanup': () => {
        forgetBundles();
        this.announceReadyTypes();
      },
      'before:package:initialize': warnIgnoredVariables,
      'before:package:createDeploymentArtifacts': regenerate,
      'before:deploy:function:packageFunction': regenerate,
      'before:offline:start': regenerateAndWatch,
      'before:offline:start:init': regenerateAndWatch,
      // After bundling, before serverless offline opens its ports and starts the schedules.
      'offline:start:init': () => this.waitForTable(),
      'before:invoke:local:invoke': regenerate,
    };
  }

  /**
   * `npm start` starts DynamoDB Local (and creates the table) while serverless bundles the
   * functions, and sets FLOW_WAIT_FOR_TABLE=1: the functions must not answer, nor the timers run,
   * before the table exists. Bundling usually takes longer; when it does not, wait here.
   */
  async waitForTable() {
    if (process.env.FLOW_WAIT_FOR_TABLE !== '1') return;
    const { DynamoDBClient, DescribeTableCommand } = require('@aws-sdk/client-dynamodb');
    const client = new DynamoDBClient({
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const TableName = this.serverless.service.custom.tableName;
    try {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const table = await client.send(new DescribeTableCommand({ TableName })).catch(() => undefined);
        if (table && table.Table && table.Table.TableStatus === 'ACTIVE') return;
      }
      throw new Error(`the table ${TableName} was not created within 120 s`);
    } finally {
      client.destroy();
    }
  }

  /**
   * Under serverless offline, a task file added, removed or renamed in src/tasks/types is picked
   * up without a restart: the index is regenerated at once, and serverless-esbuild's watcher sees
   * the index change, rebuilds, and has serverless offline replace its workers.
   *
   * The regeneration is synchronous and runs on every event, without a debounce: it only rewrites
   * the index when the list of files changed, and doing it before the bundler's own watcher
   * reacts to the same event (it stats the file first) keeps a removed module from ever being
   * bundled through a stale index.
   */
  watchTaskTypes() {
    if (this.taskTypesWatcher) return;
    const typesDir = path.join(this.tasksDir, 'types');
    let lastError = '';
    this.knownTypes = new Set(generateTaskIndex(this.tasksDir).types);
    this.awaitedTypes = new Set();
    this.taskTypesWatcher = fs.watch(typesDir, () => {
      try {
        const { types, changed } = generateTaskIndex(this.tasksDir);
        lastError = '';
        if (changed) console.log(`task index regenerated: ${types.join(', ')}`);
        for (const type of types) if (!this.knownTypes.has(type)) this.awaitedTypes.add(type);
        for (const type of this.awaitedTypes) if (!types.includes(type)) this.awaitedTypes.delete(type);
        this.knownTypes = new Set(types);
      } catch (error) {
        // A badly named file stays refused until it is renamed; say so once, not on every event.
        const message = String(error && error.message ? error.message : error);
        if (message !== lastError) logError('task index not regenerated', message);
        lastError = message;
      }
    });
    // Watching must not keep serverless alive once offline shuts down.
    this.taskTypesWatcher.unref();
  }

  /**
   * After a rebuild is served (serverless offline told, old bundles forgotten): says which task
   * types added since are in it. A task file's event can reach the bundler before or after the
   * regenerated index, so a rebuild may not include it yet: the bundles themselves are read (each
   * module esbuild bundles is headed by a comment with its path), the step function's, which runs
   * the task, and the execute function's, which validates flows against the task types.
   */
  announceReadyTypes() {
    if (!this.awaitedTypes || this.awaitedTypes.size === 0) return;
    const bundles = READY_CHECKED_BUNDLES.map((file) => {
      try {
        return fs.readFileSync(path.join(this.buildDir(), file), 'utf8');
      } catch {
        return '';
      }
    });
    for (const type of [...this.awaitedTypes].sort()) {
      if (!bundles.every((bundle) => bundle.includes(`// src/tasks/types/${type}.ts\n`))) continue;
      this.awaitedTypes.delete(type);
      console.log(`task type ${type} is ready`);
    }
  }
}

const READY_CHECKED_BUNDLES = ['handlers/workers/step.js', 'handlers/v1/post-execute.js'];

/** In the functions' own JSON log format, so `npm start` shows it with their errors. */
function logError(message, error) {
  console.error(JSON.stringify({ level: 'ERROR', message, error: String(error && error.stack ? error.stack : error) }));
}

module.exports = FlowManagerLocalPlugin;
