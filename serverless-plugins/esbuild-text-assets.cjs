'use strict';
// esbuild plugins for serverless-esbuild (custom.esbuild.plugins). `swagger-ui-dist-text:<file>`
// imports that file of the swagger-ui-dist package as a string, so the /docs function carries
// Swagger UI in its own bundle: nothing is fetched from a CDN, and no node_modules is packaged.
const fs = require('node:fs');
const path = require('node:path');

const PREFIX = 'swagger-ui-dist-text:';

const swaggerUiDistText = {
  name: 'swagger-ui-dist-text',
  setup(build) {
    build.onResolve({ filter: /^swagger-ui-dist-text:/ }, (args) => {
      const file = args.path.slice(PREFIX.length);
      if (file.includes('/') || file.includes('\\')) return { errors: [{ text: `${args.path}: name a file of swagger-ui-dist, not a path` }] };
      const dir = path.dirname(require.resolve('swagger-ui-dist/package.json', { paths: [args.resolveDir] }));
      return { path: path.join(dir, file), namespace: 'swagger-ui-dist-text' };
    });
    build.onLoad({ filter: /.*/, namespace: 'swagger-ui-dist-text' }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8'),
      loader: 'text',
      watchFiles: [args.path],
    }));
  },
};

module.exports = [swaggerUiDistText];
