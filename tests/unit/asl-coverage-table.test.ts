import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTRINSIC_FUNCTIONS } from '../../src/asl/intrinsics/intrinsic-functions';
import { JSONPATH_STATE_FIELDS } from '../../src/asl/jsonpath-state-fields';
import { SUPPORTED_STATE_FIELDS } from '../../src/asl/supported-fields';
import { CHOICE_OPERATORS } from '../../src/asl/choice-rules/choice-operators';
import { OPTIMIZED } from '../../src/tasks/aws-sdk-result';
import { SERVICE_NAMES } from '../../src/tasks/aws-services';

/**
 * The README's Amazon States Language coverage is what the import reads: its table is the import's
 * field lists, state by state and mode by mode, and its lists name every intrinsic function and
 * every kind of Choice rule. A field added to the import without the table (or the other way
 * round) fails here.
 */

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Amazon States Language coverage'), readme.indexOf('## Repository map'));
const COMMON = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End']);
const codeNames = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!).sort();

const rows = new Map(
  section
    .split('\n')
    .filter((line) => /^\| [A-Z][a-z]+ \|/.test(line))
    .map((line) => {
      const [state, jsonPath, jsonata] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      return [state!, { jsonPath: codeNames(jsonPath!), jsonata: codeNames(jsonata!) }];
    }),
);

const specific = (fields: readonly string[]) => fields.filter((field) => !COMMON.has(field)).sort();

describe("the README's ASL coverage table", () => {
  it('has a row for every state type the import reads', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(SUPPORTED_STATE_FIELDS).sort());
  });

  it.each(Object.keys(SUPPORTED_STATE_FIELDS))('lists exactly the fields a %s state reads in each mode', (type) => {
    const row = rows.get(type)!;
    expect(row.jsonPath).toEqual(specific(JSONPATH_STATE_FIELDS[type as keyof typeof JSONPATH_STATE_FIELDS]));
    expect(row.jsonata).toEqual(specific(SUPPORTED_STATE_FIELDS[type as keyof typeof SUPPORTED_STATE_FIELDS]));
  });

  it('names every intrinsic function', () => {
    const named = [...section.matchAll(/`States\.([A-Za-z0-9]+)`/g)].map((match) => match[1]!);
    expect(new Set(named)).toEqual(new Set(Object.keys(INTRINSIC_FUNCTIONS)));
    expect(section).toContain(`all ${Object.keys(INTRINSIC_FUNCTIONS).length}`);
  });

  it('covers every Choice comparison, by its family and the kinds of test', () => {
    for (const operator of CHOICE_OPERATORS) {
      const family = /^(String|Numeric|Boolean|Timestamp)/.exec(operator)?.[1];
      if (operator === 'StringMatches' || operator.startsWith('Is')) expect(section).toContain(`\`${operator}\``);
      else expect(section).toContain(`\`${family}…\``);
    }
  });

  it('names the aws-sdk integration, every service it can call and every optimized integration', () => {
    expect(section).toContain('`arn:aws:states:::aws-sdk:<service>:<action>`');
    for (const service of SERVICE_NAMES) expect(section).toContain(`\`${service}\``);
    for (const [service, { actions }] of Object.entries(OPTIMIZED))
      for (const action of actions) expect(section).toContain(`\`${service}:${action}\``);
  });
});
