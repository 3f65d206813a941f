// @ts-check
// ESLint: typescript-eslint's strict, type-checked rules on every TypeScript file (each file is
// checked with the tsconfig that covers it: the root one, or src/console's for the browser
// console), the core recommended rules on the plain JavaScript files, and eslint-config-prettier
// last so that no rule argues with Prettier about layout. See docs/local-development.md.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'src/tasks/registry.generated.ts',
      '.console-dist/',
      '.serverless/',
      '.esbuild/',
      '.esbuild-*/',
      '.flow-local/',
      '.dynamodb/',
      'coverage/',
      'test-results/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  eslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // noUncheckedIndexedAccess is on: `!` marks an index or key the line before has just checked
      // or built; a runtime check in its place would test the same thing twice.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers read naturally in messages; strings, booleans, objects and nullish values still
      // have to be converted on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Array<T> for anything longer than a name (Array<{ ... }>, Array<string | number>) reads
      // better than a trailing [] after a long type, and is what the code already does.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `() => setX(value)` and `return done()` in a function returning void are the idiom here.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
      ],
      // `async` without `await` keeps a promise-returning contract (handlers, task types, test
      // doubles) and turns a throw into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      // `a || b` over strings and booleans treats '' and false as absent, on purpose.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true } }],
      // `let stack` stays let when a shutdown callback declared before its one assignment reads it.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `const { id: _id, ...rest } = x` drops a field on purpose: the underscore says so.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // [...text] splits a string by code point on purpose: names are limited in characters, as
      // AWS counts them, not in UTF-16 units.
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
    },
  },
  {
    files: ['handlers/**/*.ts', 'src/http/**/*.ts'],
    rules: {
      // Lambda events come from API Gateway, serverless offline, direct invocations and tests: the
      // code checks fields (requestContext, headers, rawPath) that @types/aws-lambda calls required.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    files: ['src/console/**/*.tsx'],
    rules: {
      // The console's async event handlers (onClick={run}) catch their own errors and show them.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      // Tests read JSON bodies and log lines as `any` and assert on their fields: typing each one
      // would add casts and no safety, as the assertion is the check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // afterAll guards what a failed beforeAll left unset (`await browser?.close()`), and some
      // tests compare constants on purpose to pin an ordering.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // expect(mock.method) is how jest asserts on a mock; no `this` is involved.
      '@typescript-eslint/unbound-method': 'off',
      // Test doubles of a logger do nothing on purpose.
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
