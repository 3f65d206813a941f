'use strict';
// Local serverless plugin, loaded before serverless-esbuild and serverless-offline.
const path = require('node:path');
const { generateTaskIndex } = require('../scripts/generate-task-index.cjs');

class FlowManagerLocalPlugin {
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    const log = (utils && utils.log) || console;
    // serverless 3 turns an unhandled rejection into a process exit. Under serverless-offline an
    // async-invoked handler that rejects would take the whole local stack down with it; on AWS
    // the same rejection only fails (and retries) that one invocation, so log it and carry on.
    process.on('unhandledRejection', (reason) => {
      console.error(JSON.stringify({ level: 'ERROR', message: 'unhandled rejection in a local invocation', error: String(reason && reason.stack ? reason.stack : reason) }));
    });
    const regenerate = () => generateTaskIndex(path.join(serverless.config.servicePath, 'src', 'tasks'));
    // On an AWS stage serverless.yml ignores the local stack's variables (the functions read the key
    // hashes from SSM and use AWS's endpoints): say so, rather than let someone believe the keys or
    // endpoints in their shell were deployed.
    const warnIgnoredVariables = () => {
      const custom = serverless.service.custom || {};
      if (custom.stageKind !== 'aws') return;
      const ignored = ['FLOW_API_KEY_HASHES', 'DYNAMODB_ENDPOINT', 'LAMBDA_ENDPOINT'].filter((name) => (process.env[name] || '').trim());
      if (ignored.length > 0) {
        log.warning(`${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} set in this shell but ignored on stage "${serverless.service.provider.stage}" (used by offline stages only); the functions read the API key hashes from the SSM parameter ${custom.apiKeyParameter}.`);
      }
    };
    this.hooks = {
      'before:package:initialize': warnIgnoredVariables,
      'before:package:createDeploymentArtifacts': regenerate,
      'before:deploy:function:packageFunction': regenerate,
      'before:offline:start': regenerate,
      'before:offline:start:init': regenerate,
      'before:invoke:local:invoke': regenerate,
    };
  }
}

module.exports = FlowManagerLocalPlugin;
