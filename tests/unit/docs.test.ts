/**
 * The documentation holds: every relative link in the README and docs/ resolves (the file, and
 * the heading an anchor names), every JSON block is JSON, every flow or state machine in one
 * passes validation, the README stays a map, and docs/api.md's route table is the route table.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { ROUTES } from '../../src/http/routes';
import { defaultRegistry } from '../../src/tasks/default-registry';

const root = resolve(__dirname, '../..');
const registry = defaultRegistry();

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const documents = [
  join(root, 'README.md'),
  join(root, 'CHANGELOG.md'),
  join(root, 'bench/README.md'),
  ...markdownFiles(join(root, 'docs')),
];
const textOf = (path: string) => readFileSync(path, 'utf8');

/** The text outside fenced code blocks, where links are links. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (text: string) => new Set([...prose(text).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));

function relativeLinks(path: string): Array<{ target: string; anchor?: string }> {
  const links = [...prose(textOf(path)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return links
    .filter((link) => !/^[a-z]+:/i.test(link))
    .map((link) => {
      const [file, anchor] = link.split('#');
      return { target: file ? resolve(dirname(path), file) : path, ...(anchor !== undefined && { anchor }) };
    });
}

function jsonBlocks(path: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  for (const match of textOf(path).matchAll(/^```json\n([\s\S]*?)^```/gm)) {
    blocks.push({ line: textOf(path).slice(0, match.index).split('\n').length, text: match[1]! });
  }
  return blocks;
}

describe('the documentation', () => {
  it.each(documents.map((p) => [relative(root, p), p]))('%s: every relative link resolves', (_name, path) => {
    const broken = relativeLinks(path).filter(({ target, anchor }) => {
      if (!existsSync(target)) return true;
      if (anchor === undefined || statSync(target).isDirectory()) return false;
      return !anchorsOf(textOf(target)).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('links from the README reach every page of docs/', () => {
    const linked = new Set(documents.flatMap((p) => relativeLinks(p).map((l) => l.target)));
    const pages = markdownFiles(join(root, 'docs')).filter((p) => !p.includes(`${join('docs', 'decisions')}/0`));
    expect(pages.filter((p) => !linked.has(p)).map((p) => relative(root, p))).toEqual([]);
  });

  const blocks = documents.flatMap((path) =>
    jsonBlocks(path).map((block) => ({ where: `${relative(root, path)}:${block.line}`, ...block })),
  );

  it('has flows to check', () => {
    expect(blocks.filter((b) => /"start_task"|"StartAt"/.test(b.text)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((b) => [b.where, b.text]))(
    '%s: the JSON block is JSON, and a flow in it is valid',
    (_where, text) => {
      const body: unknown = JSON.parse(text);
      if (!/"start_task"|"StartAt"/.test(text)) return;
      const isAsl = typeof body === 'object' && body !== null && 'asl' in body;
      expect(() => parseFlowRequest(body, registry, { asl: isAsl, executionName: true })).not.toThrow();
    },
  );

  it('keeps the README a map of at most 200 lines, with a runnable flow and its answer by line 60', () => {
    const lines = textOf(join(root, 'README.md')).split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
    const firstFlow = jsonBlocks(join(root, 'README.md')).find((b) => b.text.includes('"start_task"'));
    expect(firstFlow).toBeDefined();
    const answerAt = lines.findIndex((line) => line.includes('"status": "SUCCEEDED"'));
    expect(answerAt).toBeGreaterThan(firstFlow!.line);
    expect(answerAt + 1).toBeLessThanOrEqual(60);
  });

  it("docs/api.md's route table lists exactly the routes", () => {
    const table = textOf(join(root, 'docs/api.md'));
    const documented = new Set(
      [...table.matchAll(/^\| `([A-Z]+)` \| ([^|]+) \|/gm)].flatMap((m) =>
        [...m[2]!.matchAll(/`([^`]+)`/g)].map((p) => `${m[1]} ${p[1]}`),
      ),
    );
    const routes = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
  });
});
