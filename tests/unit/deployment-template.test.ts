import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Packages the service exactly as a deploy would (no AWS access needed) and audits the generated
 * CloudFormation: least-privilege IAM, and data protection on non-dev stages.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];

/** A copy of what packaging reads, so its build folder never touches a running local stack's. */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-package-'));
  dirs.push(dir);
  for (const entry of ['serverless.yml', 'package.json', 'tsconfig.json', 'handlers', 'src', 'serverless-plugins', 'scripts/generate-task-index.cjs', 'bench/functions.off.yml']) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function template(project: string, stage: string): any {
  const out = path.join(project, `.package-${stage}`);
  try {
    execFileSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', stage, '--package', out], {
      cwd: project,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', DYNAMODB_ENDPOINT: '', LAMBDA_ENDPOINT: '', FLOW_API_KEY_HASHES: '', FLOW_BUILD_FOLDER: '' },
      stdio: 'pipe',
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`serverless package failed:\n${e.stdout?.toString()}\n${e.stderr?.toString()}`);
  }
  return JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
}

const resourcesOfType = (t: any, type: string) => Object.entries(t.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
const statementsOf = (t: any) =>
  resourcesOfType(t, 'AWS::IAM::Role').flatMap(([, role]) =>
    (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>),
  );
const actions = (s: { Action: string | string[] }) => ([] as string[]).concat(s.Action);

/** Statements allowed a wildcard resource, each with the reason AWS gives no narrower one. (None today.) */
const WILDCARD_RESOURCE_EXCEPTIONS: Record<string, string> = {};

let prod: any;
let dev: any;
beforeAll(() => {
  const project = projectCopy();
  prod = template(project, 'prod');
  dev = template(project, 'dev');
}, 120_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the packaged CloudFormation template', () => {
  it('has no IAM statement with Action "*", a service wildcard such as dynamodb:*, or Resource "*"', () => {
    const statements = statementsOf(prod);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of actions(statement)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/:\*$/);
      }
      const resources = ([] as unknown[]).concat(statement.Resource);
      for (const resource of resources) {
        if (resource === '*') expect(WILDCARD_RESOURCE_EXCEPTIONS[actions(statement).join(',')]).toBeDefined();
      }
    }
  });

  it('lets the functions invoke only the step function', () => {
    const invoke = statementsOf(prod).filter((s) => actions(s).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    const arn = JSON.stringify(invoke[0]!.Resource);
    expect(arn).toContain('function');
    expect(arn).toContain('flow-manager-prod-step');
    expect(arn).not.toContain('*');
  });

  it('scopes DynamoDB permissions to the flow table and its indexes', () => {
    const dynamo = statementsOf(prod).filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(JSON.stringify(dynamo[0]!.Resource)).toContain('FlowTable');
    expect(actions(dynamo[0]!).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });

  it('gives the step and recovery functions no HTTP route', () => {
    const routes = resourcesOfType(prod, 'AWS::ApiGatewayV2::Integration').map(([, r]) => JSON.stringify(r.Properties.IntegrationUri));
    expect(routes.length).toBeGreaterThan(0);
    for (const uri of routes) expect(uri).not.toMatch(/StepLambdaFunction|RecoverLambdaFunction/);
  });

  it('protects the table of a non-dev stage, and not of dev', () => {
    const [, prodTable] = resourcesOfType(prod, 'AWS::DynamoDB::Table')[0]!;
    expect(prodTable.Properties.DeletionProtectionEnabled).toBe(true);
    expect(prodTable.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    const [, devTable] = resourcesOfType(dev, 'AWS::DynamoDB::Table')[0]!;
    expect(devTable.Properties.DeletionProtectionEnabled).toBe(false);
  });

  it('retries step events twice and then parks them in the failure queue', () => {
    const [, config] = resourcesOfType(prod, 'AWS::Lambda::EventInvokeConfig')[0]!;
    expect(config.Properties).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['StepFailureQueue', 'Arn'] } } } });
  });
});
