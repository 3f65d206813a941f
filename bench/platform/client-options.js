'use strict';
const { Agent } = require('node:http');
const { Agent: HttpsAgent } = require('node:https');

/**
 * The engine's AWS client options (src/config/aws-client-options.ts) in plain JavaScript, so the
 * platform floor runs the same clients without a build step. tests/unit/bench-math.test.ts keeps
 * the two equal.
 */
function awsClientOptions(target) {
  return {
    region: target.region,
    maxAttempts: 5,
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    },
    ...(target.endpoint && {
      endpoint: target.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  };
}

module.exports = { awsClientOptions };
