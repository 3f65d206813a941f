import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LIMITS } from '../../src/domain/limits';
import { ROUTES } from '../../src/http/routes';
import { itemToSummary } from '../../src/storage/item-mapping';
import { SUMMARY_ATTRIBUTES, TABLE } from '../../src/storage/table-schema';

interface HttpApiEvent {
  httpApi: { method: string; path: string } | string;
}
interface Fn {
  handler: string;
  role?: string;
  timeout?: number;
  events?: HttpApiEvent[];
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
const ROOT = path.resolve(__dirname, '../..');
const raw = parse(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8')) as {
  provider: { runtime: string; iam?: unknown };
  custom: { stageKinds: Record<string, string>; access: Record<string, Statement[]> };
  functions: Array<Record<string, Fn> | string>;
  resources: {
    Resources: Record<string, { Type: string; Properties: Record<string, any> }> & {
      FlowTable: { Properties: Record<string, any> };
    };
  };
};
// `functions` is a list: the deployed functions, and a file reference that adds the bench-only ones.
const config = {
  ...raw,
  functions: Object.assign({}, ...raw.functions.filter((f) => typeof f === 'object')) as Record<string, Fn>,
};

describe('serverless.yml', () => {
  it('adds the bench-only functions only when FLOW_BENCH=on', () => {
    expect(raw.functions).toContain("${file(./bench/functions.${env:FLOW_BENCH, 'off'}.yml)}");
    expect(parse(readFileSync(path.resolve(__dirname, '../../bench/functions.off.yml'), 'utf8'))).toEqual({});
  });

  it('targets the nodejs22.x runtime', () => {
    expect(config.provider.runtime).toBe('nodejs22.x');
  });

  it('declares every API route on the function the route table names, and only those', () => {
    const declared = Object.entries(config.functions).flatMap(([fn, def]) =>
      (def.events ?? [])
        .map((e) => e.httpApi)
        .filter((e): e is { method: string; path: string } => typeof e === 'object' && e.method !== '*')
        .map((e) => ({ method: e.method, path: e.path, fn })),
    );
    expect(declared.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      ROUTES.map(({ method, path, fn }) => ({ method, path, fn })).sort((a, b) => a.path.localeCompare(b.path)),
    );
  });

  it('routes other methods on every known path, and unknown paths, to the fallback', () => {
    const fallbackPaths = (config.functions.fallback!.events ?? []).map((e) =>
      typeof e.httpApi === 'string' ? e.httpApi : e.httpApi.path,
    );
    expect(fallbackPaths).toContain('/{proxy+}');
    for (const route of ROUTES) expect(fallbackPaths).toContain(route.path);
  });

  it('gives the step function no HTTP route and a timeout above the longest task timeout plus recording time', () => {
    expect(config.functions.step!.events ?? []).toEqual([]);
    expect(config.functions.step!.timeout).toBe(LIMITS.stepLambdaTimeoutSeconds);
    expect(LIMITS.stepLambdaTimeoutSeconds).toBeGreaterThanOrEqual(
      LIMITS.maxTaskTimeoutSeconds + LIMITS.leaseMarginSeconds,
    );
  });

  it('retries failed step events a bounded number of times, then sends them to a queue', () => {
    const step = config.functions.step as Fn & {
      maximumRetryAttempts?: number;
      destinations?: { onFailure?: { type: string } };
    };
    expect(step.maximumRetryAttempts).toBe(2);
    expect(step.destinations?.onFailure?.type).toBe('sqs');
  });

  it('runs the recovery function on a schedule, without an HTTP route', () => {
    const events = (config.functions.recover!.events ?? []) as unknown as Array<Record<string, unknown>>;
    expect(events.map((e) => Object.keys(e)[0])).toEqual(['schedule']);
  });

  it('lets executeFlow wait up to 20 s inside API Gateway’s 30 s limit', () => {
    expect(config.functions.executeFlow!.timeout).toBeGreaterThan(20);
    expect(config.functions.executeFlow!.timeout).toBeLessThanOrEqual(30);
  });

  it('declares the table with the keys and indexes the storage code uses', () => {
    const table = config.resources.Resources.FlowTable.Properties;
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries(
      (table.GlobalSecondaryIndexes as Array<{ IndexName: string; KeySchema: Array<{ AttributeName: string }> }>).map(
        (i) => [i.IndexName, i.KeySchema.map((k) => k.AttributeName)],
      ),
    );
    for (const index of Object.values(TABLE.indexes))
      expect(indexes[index.name]).toEqual([index.partitionKey, index.sortKey]);
  });

  it('projects into the list indexes exactly what a summary shows and the name filter reads', () => {
    const table = config.resources.Resources.FlowTable.Properties;
    const projected = Object.fromEntries(
      (
        table.GlobalSecondaryIndexes as Array<{
          IndexName: string;
          Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
        }>
      ).map((i) => [i.IndexName, i.Projection]),
    );
    const { byCreated, byStatus, byFlow } = TABLE.indexes;
    for (const index of [byCreated, byStatus, byFlow]) {
      expect(projected[index.name]).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: [...SUMMARY_ATTRIBUTES] });
    }
    // Every field of a summary comes from the projection (a missing one would be blank in every list).
    const summary = itemToSummary(
      Object.fromEntries(SUMMARY_ATTRIBUTES.map((a) => [a, a === 'status' ? 'RUNNING' : `x-${a}`])),
    );
    expect(Object.keys(summary).sort()).toEqual([...SUMMARY_ATTRIBUTES].sort());
  });

  it('names a role of its own for every function, declared in resources with that function’s access list', () => {
    const roles = Object.entries(config.functions).map(([fn, def]) => [fn, def.role] as const);
    expect(roles.filter(([, role]) => !role)).toEqual([]);
    expect(new Set(roles.map(([, role]) => role)).size).toBe(roles.length);
    for (const [fn, role] of roles) {
      const resource = config.resources.Resources[role!];
      expect([fn, resource?.Type]).toEqual([fn, 'AWS::IAM::Role']);
      // A function that touches nothing (its access list is empty) has a logs policy only: IAM refuses an empty policy.
      const access = config.custom.access[fn] as unknown[];
      // The step function's list is read by the script that adds the stage's AWS integration grants to it.
      const accessList =
        fn === 'step' ? '${file(./scripts/deploy/aws-integrations-access.cjs)}' : `\${self:custom.access.${fn}}`;
      if (access.length > 0) expect(JSON.stringify(resource!.Properties.Policies)).toContain(accessList);
      else expect(JSON.stringify(resource!.Properties.Policies)).not.toContain('custom.access');
      expect(JSON.stringify(resource!.Properties.Policies)).toContain(
        `/aws/lambda/\${self:service}-\${sls:stage}-${fn}:*`,
      );
    }
    expect(Object.keys(config.custom.access).sort()).toEqual(Object.keys(config.functions).sort());
    expect(config.provider.iam).toBeUndefined();
  });

  it('gives the bench-only function a declared role too', () => {
    const bench = parse(readFileSync(path.join(ROOT, 'bench/functions.on.yml'), 'utf8')) as Record<string, Fn>;
    for (const def of Object.values(bench))
      expect(config.resources.Resources[def.role ?? '']?.Type).toBe('AWS::IAM::Role');
  });

  it('grants no wildcard actions and no wildcard resources', () => {
    for (const statements of Object.values(config.custom.access)) {
      // A statement built at package time (the invoke_lambda allow-list) is audited in the packaged template.
      for (const statement of statements.filter(
        (s: unknown) => s !== '${file(./scripts/deploy/invoke-lambda-access.cjs)}',
      )) {
        expect(statement.Effect).toBe('Allow');
        for (const action of ([] as string[]).concat(statement.Action)) expect(action).not.toMatch(/\*/);
        expect(JSON.stringify(statement.Resource)).not.toContain('*');
      }
    }
  });

  it("lets the step function invoke exactly the allow-list's functions, their aliases and versions, by ARN", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the script serverless resolves at package time
    const access = require('../../scripts/deploy/invoke-lambda-access.cjs') as (options: {
      resolveVariable: (name: string) => Promise<string>;
    }) => Promise<Statement>;
    const statement = await access({
      resolveVariable: (name) =>
        Promise.resolve(name === 'param:invokeLambdaFunctions' ? ' billing-charge, crm-sync ,' : ''),
    });
    const arn = (fn: string) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}`,
    });
    expect(statement).toEqual({
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      Resource: [arn('billing-charge'), arn('billing-charge:*'), arn('crm-sync'), arn('crm-sync:*')],
    });
    await expect(access({ resolveVariable: () => Promise.resolve(' , ') })).rejects.toThrow(
      'invokeLambdaFunctions must name at least one function',
    );
  });

  it("gives the step function its access list, then exactly the stage's AWS integration grants", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the script serverless resolves at package time
    const access = require('../../scripts/deploy/aws-integrations-access.cjs') as (options: {
      resolveVariable: (name: string) => Promise<unknown>;
    }) => Promise<unknown[]>;
    const resolved: Record<string, unknown> = {
      'self:custom.access.step': config.custom.access.step,
      'self:custom.awsIntegrations': 'sqs:SendMessage=arn:aws:sqs:us-east-1:123456789012:jobs',
    };
    const statements = await access({ resolveVariable: (name) => Promise.resolve(resolved[name]) });
    expect(statements).toEqual([
      ...config.custom.access.step!,
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:us-east-1:123456789012:jobs'] },
    ]);
    resolved['self:custom.awsIntegrations'] = '';
    expect(await access({ resolveVariable: (name) => Promise.resolve(resolved[name]) })).toEqual(
      config.custom.access.step,
    );
  });

  it('treats every stage the local stack is started with as an offline stage', () => {
    // Stage names as the scripts and tests write them: `STAGE = '…'` and startIsolatedStack('…').
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
      });
    const used = new Set<string>();
    for (const file of ['tests', 'scripts', 'bench'].flatMap((d) => files(path.join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/STAGE = '([\w-]+)'|startIsolatedStack\('([\w-]+)'/g)) used.add(m[1] ?? m[2]!);
    }
    expect([...used]).toEqual(expect.arrayContaining(['local', 'test', 'chaos', 'corpus', 'bench']));
    for (const stage of used) expect([stage, config.custom.stageKinds[stage]]).toEqual([stage, 'offline']);
    expect(config.custom.stageKinds.prod).toBeUndefined();
    expect(config.custom.stageKinds.dev).toBeUndefined();
  });

  it('passes a mock configuration to the offline stages only: an AWS stage never runs on mocks', () => {
    const kinds = (raw as unknown as { custom: { kinds: Record<string, Record<string, unknown>> } }).custom.kinds;
    expect(kinds.offline!.mockConfig).toBe("${env:SFN_MOCK_CONFIG, ''}");
    expect(kinds.aws!.mockConfig).toBe('');
    const environment = (raw as unknown as { provider: { environment: Record<string, string> } }).provider.environment;
    expect(environment.SFN_MOCK_CONFIG).toBe('${self:custom.kind.mockConfig}');
  });
});
