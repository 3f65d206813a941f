import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseMockConfig } from '../../src/domain/mocks/mock-config';

/**
 * SFN_MOCK_CONFIG as `npm start` hands it to the functions: an absolute path to a mock
 * configuration that parses (docs/testing-with-mocks.md), or an error listing every problem with
 * its path, so a typo shows at start rather than in the first mocked execution.
 */
export function checkedMockConfig(value: string | undefined, cwd = process.cwd()): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const file = path.resolve(cwd, value.trim());
  if (!existsSync(file)) throw new Error(`SFN_MOCK_CONFIG: ${file} does not exist`);
  const parsed = parseMockConfig(readFileSync(file, 'utf8'));
  if (!parsed.ok)
    throw new Error(
      [
        `SFN_MOCK_CONFIG: ${file} is not a valid mock configuration:`,
        ...parsed.problems.map((p) => `  ${p.path || '(the file)'}: ${p.message}`),
      ].join('\n'),
    );
  return file;
}

/** How many test cases the configuration holds, for the start banner. */
export function mockConfigSummary(file: string): string {
  const parsed = parseMockConfig(readFileSync(file, 'utf8'));
  if (!parsed.ok) return file;
  const cases = [...parsed.config.stateMachines.values()].reduce((n, testCases) => n + testCases.size, 0);
  return `${path.relative(process.cwd(), file) || file} (${parsed.config.stateMachines.size} state machine(s), ${cases} test case(s))`;
}
