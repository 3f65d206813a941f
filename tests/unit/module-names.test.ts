import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

describe('module names', () => {
  it('gives every module of src/ and handlers/ a file name no other module has', () => {
    const byName = new Map<string, string[]>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('handlers')]) {
      const name = path.basename(file).replace(/\.(ts|tsx)$/, '');
      // A folder's index names the folder, not itself.
      if (name === 'index') continue;
      byName.set(name, [...(byName.get(name) ?? []), file]);
    }
    const shared = [...byName]
      .filter(([, files]) => files.length > 1)
      .map(([name, files]) => `${name}: ${files.join(', ')}`);
    expect(shared).toEqual([]);
    expect(byName.size).toBeGreaterThan(200);
  });
});
