'use strict';
// Local serverless plugin, loaded before serverless-esbuild and serverless-offline.
const path = require('node:path');
const { generateTaskIndex } = require('../scripts/generate-task-index.cjs');

class FlowManagerLocalPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    // serverless 3 turns an unhandled rejection into a process exit. Under serverless-offline an
    // async-invoked handler that rejects would take the whole local stack down with it; on AWS
    // the same rejection only fails (and retries) that one invocation, so log it and carry on.
    process.on('unhandledRejection', (reason) => {
      console.error(JSON.stringify({ level: 'ERROR', message: 'unhandled rejection in a local invocation', error: String(reason && reason.stack ? reason.stack : reason) }));
    });
    const regenerate = () => generateTaskIndex(path.join(serverless.config.servicePath, 'src', 'tasks'));
    // The local stacks run handlers in this process (scripts/local-stack/offline.ts), where Node
    // caches a loaded bundle for good: after serverless-esbuild rebuilds on a change, forget the
    // old bundles so that the next invocation loads the new code, as a new worker would.
    const forgetBundles = () => {
      const buildDir = path.join(serverless.config.servicePath, process.env.FLOW_BUILD_FOLDER || '.esbuild') + path.sep;
      for (const file of Object.keys(require.cache)) if (file.startsWith(buildDir)) delete require.cache[file];
    };
    this.hooks = {
      'offline:functionsUpdated:cleanup': forgetBundles,
      'before:package:createDeploymentArtifacts': regenerate,
      'before:deploy:function:packageFunction': regenerate,
      'before:offline:start': regenerate,
      'before:offline:start:init': regenerate,
      'before:invoke:local:invoke': regenerate,
    };
  }
}

module.exports = FlowManagerLocalPlugin;
