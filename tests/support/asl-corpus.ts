import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The corpus of Amazon States Language semantics cases under tests/corpus/asl: one JSON file per
 * topic, each an array of cases taken from the States Language specification and the Step
 * Functions developer guide (`source` says where). The unit suite runs every case on the
 * in-memory engine, the integration suite through the HTTP API, both against the same
 * `expected`.
 */
const expectedSchema = z.union([
  z.strictObject({ output: z.unknown() }),
  z.strictObject({ error: z.string().min(1), cause: z.string().optional() }),
]);

const caseSchema = z.strictObject({
  name: z.string().min(1),
  source: z.string().min(1),
  definition: z.record(z.string(), z.unknown()),
  input: z.unknown(),
  expected: expectedSchema,
});

export type AslCorpusCase = z.infer<typeof caseSchema> & { topic: string };

export const ASL_CORPUS_DIR = path.join(__dirname, '..', 'corpus', 'asl');

/** Every case of every topic file, in file then array order; a malformed file fails loudly. */
export function loadAslCorpus(dir = ASL_CORPUS_DIR): AslCorpusCase[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.flatMap((file) => {
    const topic = path.basename(file, '.json');
    const parsed = z.array(caseSchema).safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    return parsed.data.map((entry) => ({ ...entry, topic }));
  });
}

/** `expected.output` is present (even when it is null) for a case that succeeds. */
export const expectsOutput = (expected: AslCorpusCase['expected']): expected is { output: unknown } =>
  'output' in expected;
