import { readFileSync, statSync } from 'node:fs';
import { type MockConfigParse, parseMockConfig } from '../domain/mocks/mock-config';
import type { MockConfigSource } from '../ports/mock-config-source';

/**
 * The mock configuration file, parsed again only when it changed (its modification time and size):
 * every mocked step reads it, and a warm instance should not parse the same text each time.
 */
export class MockConfigFile implements MockConfigSource {
  private cached: { stamp: string; parse: MockConfigParse } | undefined;

  constructor(readonly location: string) {}

  read(): MockConfigParse {
    let stamp: string;
    try {
      const stat = statSync(this.location);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch (error) {
      return { ok: false, problems: [{ path: '', message: `cannot be read: ${(error as Error).message}` }] };
    }
    if (this.cached?.stamp === stamp) return this.cached.parse;
    let text: string;
    try {
      text = readFileSync(this.location, 'utf8');
    } catch (error) {
      return { ok: false, problems: [{ path: '', message: `cannot be read: ${(error as Error).message}` }] };
    }
    const parse = parseMockConfig(text);
    this.cached = { stamp, parse };
    return parse;
  }
}
