import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { build } from 'esbuild';
import type { jsonBody } from '../../src/http/request';

const event = (body: string) =>
  ({
    body,
    isBase64Encoded: false,
    headers: { 'content-type': 'application/json' },
  }) as unknown as APIGatewayProxyEventV2;

describe('jsonBody as the functions run it: bundled by esbuild', () => {
  let dir: string | undefined;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('loads and finds a repeated key (the JSON scanner must survive bundling)', async () => {
    // The options serverless.yml gives serverless-esbuild for every function.
    const out = await build({
      entryPoints: [path.join(__dirname, '../../src/http/request.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    });
    dir = mkdtempSync(path.join(tmpdir(), 'flow-bundle-'));
    const file = path.join(dir, 'request.js');
    writeFileSync(file, out.outputFiles[0]!.text);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle just written, loaded as Lambda loads it
    const bundled = require(file) as { jsonBody: typeof jsonBody };
    expect(() => bundled.jsonBody(event('{"a":1,"a":2}'))).toThrow(
      expect.objectContaining({ code: 'duplicate_key', details: [{ path: 'a', message: "duplicate key 'a'" }] }),
    );
  }, 30_000);
});
