import consoleCss from 'console-build:console.css';
import consoleJs from 'console-build:console.js';
import type { ConsoleAsset } from './console-page';

/**
 * The console's script and style sheet, built from src/console while this function is bundled
 * (serverless-plugins/esbuild-text-assets.cjs), so the deployed function carries them.
 */
export const CONSOLE_ASSETS: Record<ConsoleAsset, string> = {
  'console.js': consoleJs,
  'console.css': consoleCss,
};
