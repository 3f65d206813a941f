import type { FlowDefinition } from '../domain/flow/flow-definition';

/**
 * Definitions by content hash, kept by a warm instance so that its steps read no definition at
 * all. Definitions never change once stored, so an entry is never stale; the least recently used
 * goes when the cache is full.
 */
export class DefinitionCache {
  private readonly entries = new Map<string, FlowDefinition>();

  constructor(private readonly capacity = 256) {}

  get(hash: string): FlowDefinition | undefined {
    const flow = this.entries.get(hash);
    if (flow) {
      this.entries.delete(hash);
      this.entries.set(hash, flow);
    }
    return flow;
  }

  set(hash: string, flow: FlowDefinition): void {
    this.entries.delete(hash);
    this.entries.set(hash, flow);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
