import swaggerUiBundle from 'swagger-ui-dist-text:swagger-ui-bundle.js';
import swaggerUiCss from 'swagger-ui-dist-text:swagger-ui.css';
import swaggerUiPreset from 'swagger-ui-dist-text:swagger-ui-standalone-preset.js';
import { type DocsAsset, DOCS_INIT_SCRIPT } from './swagger-ui-page';

/**
 * The files of the reference page, as text inside the function's bundle: the esbuild plugin in
 * serverless-plugins/esbuild-text-assets.cjs reads `swagger-ui-dist-text:<file>` from the
 * swagger-ui-dist package at build time, so the deployed package needs no node_modules.
 */
export const DOCS_ASSETS: Record<DocsAsset, string> = {
  'swagger-ui.css': swaggerUiCss,
  'swagger-ui-bundle.js': swaggerUiBundle,
  'swagger-ui-standalone-preset.js': swaggerUiPreset,
  'docs-init.js': DOCS_INIT_SCRIPT,
};
