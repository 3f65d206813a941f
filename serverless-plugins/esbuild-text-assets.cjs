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
      if (file.includes('/') || file.includes('\\'))
        return { errors: [{ text: `${args.path}: name a file of swagger-ui-dist, not a path` }] };
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

/**
 * `console-build:<file>` imports the web console's built `console.js` or `console.css` as a string
 * (scripts/console-build.cjs builds it from src/console while the console function is bundled).
 */
const CONSOLE_PREFIX = 'console-build:';
const consoleBuild = {
  name: 'console-build',
  setup(build) {
    let built;
    build.onStart(() => {
      built = undefined;
    });
    build.onResolve({ filter: /^console-build:/ }, (args) => ({
      path: args.path.slice(CONSOLE_PREFIX.length),
      namespace: 'console-build',
    }));
    build.onLoad({ filter: /.*/, namespace: 'console-build' }, async (args) => {
      if (args.path !== 'console.js' && args.path !== 'console.css')
        return { errors: [{ text: `console-build:${args.path}: only console.js and console.css are built` }] };
      built ??= require('../scripts/console-build.cjs').buildConsole();
      try {
        const files = await built;
        return { contents: files[args.path], loader: 'text', watchFiles: files.inputs };
      } catch (error) {
        return { errors: [{ text: `the web console did not build: ${error.message}` }] };
      }
    });
  },
};

module.exports = [swaggerUiDistText, consoleBuild];
