import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkedMockConfig } from '../../scripts/local-stack/mock-config-check';
import { ConfigError, loadConfig } from '../../src/config/config';
import { MockConfigFile } from '../../src/storage/mock-config-file';

const BASE = { TABLE_NAME: 't', STEP_FUNCTION_NAME: 's' };
const VALID = {
  StateMachines: { M: { TestCases: { T: { S: 'R' } } } },
  MockedResponses: { R: { '0': { Return: 1 } } },
};

function file(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mock-config-'));
  const at = path.join(dir, 'mock.json');
  writeFileSync(at, content);
  return at;
}

describe('SFN_MOCK_CONFIG', () => {
  it('is read on the local stack and refused on AWS stages: a deployment never runs on mocks', () => {
    expect(loadConfig({ ...BASE, FLOW_STAGE_KIND: 'offline', SFN_MOCK_CONFIG: '/tmp/m.json' }).SFN_MOCK_CONFIG).toBe(
      '/tmp/m.json',
    );
    expect(loadConfig({ ...BASE, FLOW_STAGE_KIND: 'offline', SFN_MOCK_CONFIG: '' }).SFN_MOCK_CONFIG).toBeUndefined();
    expect(() => loadConfig({ ...BASE, FLOW_STAGE_KIND: 'aws', SFN_MOCK_CONFIG: '/tmp/m.json' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, FLOW_STAGE_KIND: 'aws', SFN_MOCK_CONFIG: '/tmp/m.json' })).toThrow(
      /local stack only/,
    );
  });

  it('is checked by npm start before anything starts, every problem with its path', () => {
    expect(checkedMockConfig(undefined)).toBeUndefined();
    const good = file(JSON.stringify(VALID));
    expect(checkedMockConfig(path.relative(process.cwd(), good))).toBe(good);
    expect(() => checkedMockConfig('/no/such/mock.json')).toThrow('SFN_MOCK_CONFIG: /no/such/mock.json does not exist');
    const bad = file(JSON.stringify({ ...VALID, MockedResponses: { R: { '1': { Return: 1 } } } }));
    expect(() => checkedMockConfig(bad)).toThrow(
      /is not a valid mock configuration:\n {2}MockedResponses\.R\.1: starts at invocation 1/,
    );
    expect(() => checkedMockConfig(file('{'))).toThrow(/\(the file\): is not JSON/);
  });

  it('is read again by a warm instance once the file changed', () => {
    const at = file(JSON.stringify(VALID));
    const source = new MockConfigFile(at);
    const first = source.read();
    expect(first.ok).toBe(true);
    expect(source.read()).toBe(first);
    writeFileSync(at, JSON.stringify({ ...VALID, StateMachines: {} }) + '  ');
    const second = source.read();
    expect(second.ok && [...second.config.stateMachines.keys()]).toEqual([]);
    expect(new MockConfigFile('/no/such/file.json').read()).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/^cannot be read/) }],
    });
  });
});
