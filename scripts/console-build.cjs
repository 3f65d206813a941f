'use strict';
// Builds the web console (src/console) into one script and one style sheet. Used twice: by the
// esbuild plugin that inlines the result into the console function's bundle
// (serverless-plugins/esbuild-text-assets.cjs), so what deploys is always built from the current
// source; and, run directly (at install and by `npm run build:console`), to write them to
// .console-dist/ and report their size.
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'console', 'main.tsx');
const STYLES = path.join(ROOT, 'src', 'console', 'console.css');

/** @returns {Promise<{ 'console.js': string, 'console.css': string, inputs: string[] }>} */
async function buildConsole() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(ROOT, f));
  return {
    'console.js': result.outputFiles[0].text,
    'console.css': fs.readFileSync(STYLES, 'utf8'),
    inputs: [...inputs, STYLES],
  };
}

module.exports = { buildConsole };

if (require.main === module) {
  const out = path.join(ROOT, '.console-dist');
  buildConsole().then(
    (built) => {
      fs.mkdirSync(out, { recursive: true });
      for (const name of ['console.js', 'console.css']) {
        fs.writeFileSync(path.join(out, name), built[name]);
        console.log(`console: ${name} ${(Buffer.byteLength(built[name]) / 1024).toFixed(1)} KB`);
      }
    },
    (error) => {
      console.error(`console: build failed\n${error.message}`);
      process.exit(1);
    },
  );
}
