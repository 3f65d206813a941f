import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';

/**
 * Packages the service exactly as a deploy would (no AWS access needed) and audits the generated
 * CloudFormation: one least-privilege role per function, production settings on AWS stages, and
 * none of them on the offline stages the local stack runs.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const dirs: string[] = [];
/** Where each packaged stage's zips are. */
const packageFolders: Record<string, string> = {};

/** Left in the packaging shell on purpose: an AWS stage must not pick them up. */
const SHELL_KEY_HASHES = 'a'.repeat(64);
const SHELL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:65531';
const SHELL_LAMBDA_ENDPOINT = 'http://127.0.0.1:65532';

/** A copy of what packaging reads, so its build folder never touches a running local stack's (one per stage: they run at once). */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-package-'));
  dirs.push(dir);
  for (const entry of [
    'serverless.yml',
    'package.json',
    'tsconfig.json',
    'handlers',
    'src',
    'flows',
    'serverless-plugins',
    'scripts/generate-task-index.cjs',
    'scripts/console-build.cjs',
    'bench/functions.off.yml',
    'scripts/deploy',
  ]) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

async function template(stage: string, params: Record<string, string> = {}): Promise<any> {
  const project = projectCopy();
  const out = path.join(project, `.package-${stage}`);
  const args = [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', stage, '--package', out];
  for (const [name, value] of Object.entries(params)) args.push('--param', `${name}=${value}`);
  try {
    await promisify(execFile)(process.execPath, args, {
      cwd: project,
      env: {
        ...process.env,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        FLOW_BENCH: 'off',
        FLOW_BUILD_FOLDER: '.esbuild',
        FLOW_API_KEY_HASHES: SHELL_KEY_HASHES,
        DYNAMODB_ENDPOINT: SHELL_DYNAMODB_ENDPOINT,
        LAMBDA_ENDPOINT: SHELL_LAMBDA_ENDPOINT,
      },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package --stage ${stage} failed:\n${e.stdout}\n${e.stderr}`);
  }
  packageFolders[stage] = out;
  return JSON.parse(readFileSync(path.join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
}

/** One file of a packaged function's zip, read from the zip's central directory. */
function fileInZip(zipPath: string, name: string): string {
  const zip = readFileSync(zipPath);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let entry = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const [method, size, nameLength] = [
      zip.readUInt16LE(entry + 10),
      zip.readUInt32LE(entry + 20),
      zip.readUInt16LE(entry + 28),
    ];
    const next = entry + 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
    if (zip.toString('utf8', entry + 46, entry + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(entry + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    entry = next;
  }
  throw new Error(`${name} is not in ${zipPath}`);
}

interface Resource {
  Type: string;
  Properties: any;
  Condition?: string;
  DependsOn?: unknown;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const resourcesOfType = (t: any, type: string) =>
  Object.entries(t.Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const actions = (s: Statement) => ([] as string[]).concat(s.Action);
const resourcesOf = (s: Statement) => ([] as unknown[]).concat(s.Resource);

/** Evaluates a template condition (the few intrinsic functions serverless.yml uses; their operands are literals once packaged). */
function holds(t: any, condition: unknown): boolean {
  const c = condition as Record<string, any>;
  if (typeof c.Condition === 'string') return holds(t, t.Conditions[c.Condition]);
  if (c['Fn::Equals']) {
    const [a, b] = c['Fn::Equals'];
    expect(typeof a === 'string' && typeof b === 'string').toBe(true);
    return a === b;
  }
  if (c['Fn::Not']) return !holds(t, c['Fn::Not'][0]);
  if (c['Fn::And']) return (c['Fn::And'] as unknown[]).every((x) => holds(t, x));
  if (c['Fn::Or']) return (c['Fn::Or'] as unknown[]).some((x) => holds(t, x));
  throw new Error(`cannot evaluate condition ${JSON.stringify(c)}`);
}

/** The resource if the stack would create it (no Condition, or a Condition that holds). */
function created(t: any, logicalId: string): Resource | undefined {
  const r = t.Resources[logicalId] as Resource | undefined;
  if (!r) return undefined;
  return r.Condition === undefined || holds(t, { Condition: r.Condition }) ? r : undefined;
}

interface FunctionRole {
  fn: string;
  functionName: string;
  roleId: string;
  statements: Statement[];
}

/** Every Lambda function with the role it runs under and that role's statements. */
function functionRoles(t: any): FunctionRole[] {
  return resourcesOfType(t, 'AWS::Lambda::Function').map(([logicalId, f]) => {
    const role = f.Properties.Role;
    expect(role).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    const roleId = role['Fn::GetAtt'][0] as string;
    const roleResource = t.Resources[roleId] as Resource;
    expect(roleResource?.Type).toBe('AWS::IAM::Role');
    return {
      fn: logicalId.replace(/LambdaFunction$/, ''),
      functionName: f.Properties.FunctionName as string,
      roleId,
      statements: (roleResource.Properties.Policies ?? []).flatMap(
        (p: any) => p.PolicyDocument.Statement as Statement[],
      ),
    };
  });
}
const roleOf = (t: any, fn: string) => functionRoles(t).find((r) => r.fn === fn)!;
const actionsOf = (t: any, fn: string) => new Set(roleOf(t, fn).statements.flatMap(actions));

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const logStreamsOf = (functionName: string) =>
  `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`;

/** What each function may do, besides writing to its own log group (docs/deploy.md, "Permissions"). */
const EXPECTED_ACTIONS: Record<string, string[]> = {
  Authorizer: ['ssm:GetParameter'],
  Health: ['dynamodb:GetItem'],
  Fallback: ['ssm:GetParameter'],
  GetExecution: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:Query'],
  FlowStatus: ['ssm:GetParameter', 'dynamodb:GetItem'],
  GetHistory: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:Query'],
  GetChildren: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  ListExecutions: ['ssm:GetParameter', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'],
  ExecuteFlow: ['ssm:GetParameter', 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query', 'lambda:InvokeFunction'],
  ListFlows: ['ssm:GetParameter', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  SaveFlow: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  GetFlow: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:Query'],
  StartFlow: ['ssm:GetParameter', 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query', 'lambda:InvokeFunction'],
  FlowCreate: ['ssm:GetParameter', 'dynamodb:PutItem'],
  FlowExecute: ['ssm:GetParameter', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'lambda:InvokeFunction'],
  FlowDelete: ['ssm:GetParameter', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'],
  Step: [
    'dynamodb:UpdateItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:DeleteItem',
    'lambda:InvokeFunction',
    'sqs:SendMessage',
  ],
  Recover: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'lambda:InvokeFunction'],
  Greet: [],
  TaskRunner: [],
  OpenApi: [],
  Docs: [],
  Console: [],
  ExecutionGraph: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:Query'],
  FlowGraph: ['ssm:GetParameter'],
  FlowAsl: ['ssm:GetParameter'],
  StopExecution: ['ssm:GetParameter', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  // A callback reads the head by key, decides with one conditional write and hands the step on.
  TaskCallback: ['ssm:GetParameter', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'lambda:InvokeFunction'],
  RedriveExecution: [
    'ssm:GetParameter',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:Query',
    'lambda:InvokeFunction',
  ],
  Timers: ['dynamodb:Query', 'dynamodb:GetItem', 'lambda:InvokeFunction'],
};
const READ_ONLY = [
  'GetExecution',
  'GetHistory',
  'GetChildren',
  'ExecutionGraph',
  'FlowGraph',
  'FlowAsl',
  'ListExecutions',
  'ListFlows',
  'GetFlow',
  'FlowStatus',
  'Health',
  'OpenApi',
  'Docs',
  'Console',
  'Fallback',
];
const READ_ACTIONS = new Set([
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'ssm:GetParameter',
  ...LOGS,
]);

const ORDERS_TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';
const ORDER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:order-events';
const AWS_INTEGRATIONS = `dynamodb:GetItem=${ORDERS_TABLE}, dynamodb:GetItem=${ORDERS_TABLE}/index/*, dynamodb:PutItem=${ORDERS_TABLE} sns:Publish=${ORDER_TOPIC}`;
let customPackaged: Promise<any> | undefined;
/** An AWS stage with its own Lambda allow-list and AWS integrations, packaged once for the tests that read it. */
const customProd = () =>
  (customPackaged ??= template('prod', {
    invokeLambdaFunctions: 'billing-charge, crm-sync',
    awsIntegrations: AWS_INTEGRATIONS,
  }));
let prod: any; // an AWS stage with the default settings, packaged from a shell holding local variables
let dev: any; // an AWS stage without data protection, settings overridden on the command line
let local: any; // the stage the tests themselves run (offline)
beforeAll(async () => {
  [prod, dev, local] = await Promise.all([
    template('prod'),
    template('dev', { stepConcurrency: '7', apiRateLimit: '5', apiBurstLimit: '9', alarmEmail: 'ops@example.com' }),
    template('test'),
  ]);
}, 600_000); // three stages packaged at once: about a minute idle, minutes on a loaded 2-core machine
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('IAM in the packaged CloudFormation template', () => {
  it('runs every function under a role of its own, and creates no shared default role', () => {
    const roles = functionRoles(prod);
    expect(roles.map((r) => r.fn).sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
    expect(new Set(roles.map((r) => r.roleId)).size).toBe(roles.length);
    expect(prod.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(resourcesOfType(prod, 'AWS::IAM::Role')).toHaveLength(roles.length);
  });

  it('lets only Lambda assume the roles', () => {
    for (const [, role] of resourcesOfType(prod, 'AWS::IAM::Role')) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grants each function exactly the actions its code uses, plus writing to its own log group', () => {
    for (const { fn, functionName, statements } of functionRoles(prod)) {
      const granted = statements.flatMap(actions);
      expect([fn, [...new Set(granted)].sort()]).toEqual([fn, [...LOGS, ...EXPECTED_ACTIONS[fn]!].sort()]);
      for (const s of statements) expect(s.Effect).toBe('Allow');
      const logs = statements.filter((s) => actions(s).some((a) => a.startsWith('logs:')));
      expect(logs.flatMap(resourcesOf)).toEqual([{ 'Fn::Sub': logStreamsOf(functionName) }]);
      expect(resourcesOfType(prod, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties.LogGroupName)).toContain(
        `/aws/lambda/${functionName}`,
      );
    }
  });

  it('has no wildcard action and no wildcard resource but the log streams of a log group named in full', () => {
    const functionNames = functionRoles(prod).map((r) => r.functionName);
    for (const { statements } of functionRoles(prod)) {
      for (const statement of statements) {
        for (const action of actions(statement)) expect(action).not.toContain('*');
        for (const resource of resourcesOf(statement)) {
          const text = JSON.stringify(resource);
          if (!text.includes('*')) continue;
          // The other: the aliases and versions of an invoke_lambda allow-listed function (`…:function:<name>:*`).
          if (/:function:[\w-]+:\*"/.test(text)) continue;
          expect(functionNames.map((name) => ({ 'Fn::Sub': logStreamsOf(name) }))).toContainEqual(resource);
        }
      }
    }
  });

  it('keeps the authorizer away from the table: its logs and the key parameter only', () => {
    const { statements } = roleOf(prod, 'Authorizer');
    expect([...actionsOf(prod, 'Authorizer')].filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    const ssm = statements.filter((s) => actions(s).includes('ssm:GetParameter'));
    expect(ssm.flatMap(resourcesOf)).toEqual([
      {
        'Fn::Sub':
          'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/flow-manager/prod/api-key-hashes',
      },
    ]);
  });

  it('gives the read-only functions no write, invoke or send action', () => {
    for (const fn of READ_ONLY)
      for (const action of actionsOf(prod, fn)) expect([fn, READ_ACTIONS.has(action)]).toEqual([fn, true]);
  });

  it('scopes DynamoDB to the flow table and its indexes, each named', () => {
    const indexArn = (name: string) => ({ 'Fn::Sub': `\${FlowTable.Arn}/index/${name}` });
    const table = { 'Fn::GetAtt': ['FlowTable', 'Arn'] };
    for (const { fn, statements } of functionRoles(prod)) {
      for (const s of statements.filter((x) => actions(x).some((a) => a.startsWith('dynamodb:')))) {
        expect(actions(s).every((a) => a.startsWith('dynamodb:'))).toBe(true);
        for (const resource of resourcesOf(s)) {
          const allowed = [table, ...['by_created', 'by_status', 'by_flow', 'by_due'].map(indexArn)].some(
            (r) => JSON.stringify(r) === JSON.stringify(resource),
          );
          expect(`${fn}: ${JSON.stringify(resource)} ${allowed ? 'is' : 'is not'} the table or a named index`).toMatch(
            / is the table/,
          );
        }
      }
    }
    const resourcesFor = (fn: string) =>
      roleOf(prod, fn)
        .statements.filter((s) => actions(s).includes('dynamodb:Query'))
        .flatMap(resourcesOf);
    // The table too: a parent's fan-out items, for ?parent_execution_id.
    expect(resourcesFor('ListExecutions')).toEqual([
      indexArn('by_created'),
      indexArn('by_status'),
      indexArn('by_flow'),
      table,
    ]);
    expect(resourcesFor('Recover')).toEqual([indexArn('by_status')]);
    expect(resourcesFor('ListFlows')).toEqual([indexArn('by_created')]);
    expect(resourcesFor('GetFlow')).toEqual([table, indexArn('by_flow')]);
    expect(JSON.stringify(prod.Resources)).not.toContain('index/*');
  });

  it('lets only the functions that start or continue executions invoke a function, and only the step function', () => {
    const invokers = functionRoles(prod).filter((r) =>
      r.statements.some((s) => actions(s).includes('lambda:InvokeFunction')),
    );
    expect(invokers.map((r) => r.fn).sort()).toEqual([
      'ExecuteFlow',
      'FlowExecute',
      'Recover',
      'RedriveExecution',
      'StartFlow',
      'Step',
      'TaskCallback',
      'Timers',
    ]);
    const arn = (fn: string) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${fn}`,
    });
    for (const { fn, statements } of invokers) {
      const invoke = statements.filter((s) => actions(s).includes('lambda:InvokeFunction'));
      // The step function also runs invoke_lambda tasks: exactly the functions of the stage's allow-list.
      const allowed =
        fn === 'Step'
          ? [arn('flow-manager-prod-step'), arn('flow-manager-prod-greet'), arn('flow-manager-prod-greet:*')]
          : [arn('flow-manager-prod-step')];
      expect({ fn, resources: invoke.flatMap(resourcesOf) }).toEqual({ fn, resources: allowed });
    }
  });

  it('lets the step function invoke exactly the allow-list a stage sets, and passes the same list to the code', async () => {
    const custom = await customProd();
    const step = roleOf(custom, 'Step')
      .statements.filter((s) => actions(s).includes('lambda:InvokeFunction'))
      .flatMap(resourcesOf);
    expect(step).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:flow-manager-prod-step' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:billing-charge' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:billing-charge:*' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:crm-sync' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:crm-sync:*' },
    ]);
    const stepFunction = Object.values(custom.Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'flow-manager-prod-step',
    );
    expect(stepFunction.Properties.Environment.Variables.INVOKE_LAMBDA_FUNCTIONS).toBe('billing-charge, crm-sync');
  }, 600_000);

  it('gives the step function exactly the AWS integrations a stage allows, and passes the same list to the code', async () => {
    const custom = await customProd();
    const step = roleOf(custom, 'Step');
    const base = roleOf(prod, 'Step').statements;
    // The default statements first, untouched, then one statement per granted action with exactly its resources.
    expect(step.statements.slice(0, base.length)).toEqual(
      base.map((s) =>
        actions(s).includes('lambda:InvokeFunction') && resourcesOf(s).length > 1 ? expect.any(Object) : s,
      ),
    );
    expect(step.statements.slice(base.length)).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [ORDERS_TABLE, `${ORDERS_TABLE}/index/*`] },
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [ORDERS_TABLE] },
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: [ORDER_TOPIC] },
    ]);
    const stepFunction = Object.values(custom.Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'flow-manager-prod-step',
    );
    expect(stepFunction.Properties.Environment.Variables.FLOW_AWS_INTEGRATIONS).toBe(AWS_INTEGRATIONS);
    // By default an AWS stage allows none (the default template's step role is audited above), an offline stage all.
    const defaultStep = Object.values(prod.Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === 'flow-manager-prod-step',
    );
    expect(defaultStep.Properties.Environment.Variables.FLOW_AWS_INTEGRATIONS).toBe('');
    expect(roleOf(local, 'Step').statements.at(-1)).toEqual({ Effect: 'Allow', Action: ['*'], Resource: ['*'] });
  }, 600_000);

  it('lets only the step function send to the failure queue, and to nothing else', () => {
    const senders = functionRoles(prod).filter((r) =>
      r.statements.some((s) => actions(s).some((a) => a.startsWith('sqs:'))),
    );
    expect(senders.map((r) => r.fn)).toEqual(['Step']);
    const send = senders[0]!.statements.filter((s) => actions(s).includes('sqs:SendMessage'));
    expect(send.flatMap(resourcesOf)).toEqual([{ 'Fn::GetAtt': ['StepFailureQueue', 'Arn'] }]);
  });
});

describe('the packaged code', () => {
  it('bundles every package into each function on AWS stages, and loads node_modules on offline stages', () => {
    const stepCode = (stage: string) =>
      fileInZip(path.join(packageFolders[stage]!, 'step.zip'), 'handlers/workers/step.js');
    const packages = ['@aws-sdk/client-dynamodb', '@aws-sdk/client-lambda', 'jsonata', 'zod'];
    for (const stage of ['prod', 'dev']) {
      const code = stepCode(stage);
      for (const name of packages) expect(code).not.toContain(`require("${name}")`);
      expect(code).toContain('node_modules/@aws-sdk/client-dynamodb/');
      expect(code).toContain('node_modules/jsonata/jsonata.js');
    }
    const local = stepCode('test');
    for (const name of packages) expect(local).toContain(`require("${name}")`);
    expect(local).not.toContain('node_modules/jsonata/jsonata.js');
    expect(local).not.toContain('node_modules/@aws-sdk/client-dynamodb/');
  });
});

describe('production settings in the packaged CloudFormation template', () => {
  it('reserves concurrency for the step function (default 100, per stage), and for no other function', () => {
    const reserved = (t: any) =>
      Object.fromEntries(
        resourcesOfType(t, 'AWS::Lambda::Function')
          .filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined)
          .map(([id, f]) => [id, Number(f.Properties.ReservedConcurrentExecutions)]),
      );
    expect(reserved(prod)).toEqual({ StepLambdaFunction: 100 });
    expect(reserved(dev)).toEqual({ StepLambdaFunction: 7 });
  });

  it('throttles every route of the HTTP API stage (default 50/s, burst 100, per stage)', () => {
    const settings = (t: any) => t.Resources.HttpApiStage.Properties.DefaultRouteSettings;
    expect(settings(prod)).toEqual({
      DetailedMetricsEnabled: false,
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
    expect(Number(settings(dev).ThrottlingRateLimit)).toBe(5);
    expect(Number(settings(dev).ThrottlingBurstLimit)).toBe(9);
  });

  it('caches the authorizer verdict by Authorization header for a few minutes', () => {
    const [, authorizer] = resourcesOfType(prod, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer.Properties.AuthorizerResultTtlInSeconds).toBeGreaterThanOrEqual(60);
    expect(authorizer.Properties.AuthorizerResultTtlInSeconds).toBeLessThanOrEqual(300);
  });

  it('never deploys key hashes or endpoints left in the packaging shell, while offline stages still take them', () => {
    for (const t of [prod, dev]) {
      const text = JSON.stringify(t);
      expect(text).not.toContain(SHELL_KEY_HASHES);
      expect(text).not.toContain(SHELL_DYNAMODB_ENDPOINT);
      expect(text).not.toContain(SHELL_LAMBDA_ENDPOINT);
      for (const [, f] of resourcesOfType(t, 'AWS::Lambda::Function')) {
        expect(f.Properties.Environment.Variables).toMatchObject({
          FLOW_API_KEY_HASHES: '',
          FLOW_API_KEY_HASHES_PARAMETER: expect.stringMatching(/^\/flow-manager\/(prod|dev)\/api-key-hashes$/),
        });
      }
    }
    const [, localStep] = resourcesOfType(local, 'AWS::Lambda::Function').find(([id]) => id === 'StepLambdaFunction')!;
    expect(localStep.Properties.Environment.Variables).toMatchObject({
      FLOW_API_KEY_HASHES: SHELL_KEY_HASHES,
      DYNAMODB_ENDPOINT: SHELL_DYNAMODB_ENDPOINT,
      LAMBDA_ENDPOINT: SHELL_LAMBDA_ENDPOINT,
    });
  });

  it('passes the retention and takeover settings to the functions', () => {
    const [, step] = resourcesOfType(prod, 'AWS::Lambda::Function').find(([id]) => id === 'StepLambdaFunction')!;
    expect(step.Properties.Environment.Variables).toMatchObject({
      EXECUTION_RETENTION_DAYS: '90',
      MAX_STEP_TAKEOVERS: '3',
    });
  });

  it('writes HTTP API access logs on AWS stages (no header in them), not on offline stages', () => {
    const access = prod.Resources.HttpApiStage.Properties.AccessLogSettings;
    expect(access.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    expect(JSON.parse(access.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
    });
    expect(access.Format.toLowerCase()).not.toContain('header');
    expect(prod.Resources.HttpApiLogGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(local.Resources.HttpApiStage.Properties.AccessLogSettings).toBeUndefined();
    expect(local.Resources.HttpApiLogGroup).toBeUndefined();
  });

  it('alarms on any message in the step-failure queue on AWS stages, mailing it if the stage names an address', () => {
    const alarm = created(prod, 'StepFailureAlarm')!;
    expect(alarm?.Type).toBe('AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['StepFailureQueue', 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(created(prod, 'AlarmTopic')?.Type).toBe('AWS::SNS::Topic');
    expect(created(prod, 'AlarmEmailSubscription')).toBeUndefined();
    expect(created(dev, 'AlarmEmailSubscription')?.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: 'AlarmTopic' },
    });
    for (const id of ['StepFailureAlarm', 'AlarmTopic', 'AlarmEmailSubscription'])
      expect([id, created(local, id)]).toEqual([id, undefined]);
  });

  it('expires items by TTL on expires_at on AWS stages', () => {
    const ttl = (t: any) => resourcesOfType(t, 'AWS::DynamoDB::Table')[0]![1].Properties.TimeToLiveSpecification;
    expect(ttl(prod)).toEqual({ AttributeName: 'expires_at', Enabled: true });
    expect(ttl(dev)).toEqual({ AttributeName: 'expires_at', Enabled: true });
    expect(ttl(local)?.Enabled ?? false).toBe(false);
  });

  it('protects the table of a production stage, and not of dev or an offline stage', () => {
    const table = (t: any) => resourcesOfType(t, 'AWS::DynamoDB::Table')[0]![1].Properties;
    expect(table(prod).DeletionProtectionEnabled).toBe(true);
    expect(table(prod).PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    for (const t of [dev, local]) {
      expect(table(t).DeletionProtectionEnabled).toBe(false);
      expect(table(t).PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: false });
    }
  });

  it('gives the step and recovery functions no HTTP route', () => {
    const routes = resourcesOfType(prod, 'AWS::ApiGatewayV2::Integration').map(([, r]) =>
      JSON.stringify(r.Properties.IntegrationUri),
    );
    expect(routes.length).toBeGreaterThan(0);
    for (const uri of routes) expect(uri).not.toMatch(/StepLambdaFunction|RecoverLambdaFunction/);
  });

  it('retries step events twice and then parks them in the failure queue', () => {
    const [, config] = resourcesOfType(prod, 'AWS::Lambda::EventInvokeConfig')[0]!;
    expect(config.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['StepFailureQueue', 'Arn'] } } },
    });
  });
});
