/**
 * Hands out the graph's node ids, each once. A sub-flow's names are its own scope (a task name
 * need only be unique within one sub-flow), so its nodes are qualified by their path
 * (`each/each item/charge`); since any visible text may be a task's name, a path that happens to
 * equal an id already taken (a top-level task named `each/each item/charge`) gets ` #2`, ` #3`, ….
 */
export class NodeIds {
  private readonly taken = new Set<string>();

  /** Ids fixed in advance: the flow's own task names and its end markers. */
  reserve(ids: Iterable<string>): void {
    for (const id of ids) this.taken.add(id);
  }

  take(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) id = `${wanted} #${n}`;
    this.taken.add(id);
    return id;
  }
}
