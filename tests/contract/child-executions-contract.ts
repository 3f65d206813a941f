import type { Execution } from '../../src/domain/execution/execution';
import { definitionHash } from '../../src/domain/flow/definition-hash';
import type { FlowDefinition } from '../../src/domain/flow/flow-definition';
import { childExecutionId } from '../../src/engine/fan-out/child-execution-id';
import type { ExecutionStore } from '../../src/ports/execution-store';
import { flowDef } from '../support/flows';
import type { StoreUnderTest } from './execution-store-contract';
import { claim, newExecution, now } from './store-fixtures';

/**
 * A fan-out's children in the ExecutionStore port (docs/decisions/0025-fan-out-as-child-executions.md):
 * sub-flows saved once in the parent's partition, child heads put once under derived ids, in no
 * list index, read back by index. Run against both stores.
 */
export function childExecutionsContract(subject: StoreUnderTest): void {
  const branch = (name: string): FlowDefinition => flowDef({ id: 'sub', name, tasks: [name] });

  /** A running parent with its fan-out at step 2 and its sub-flows saved. */
  async function parentWithSubFlows(store: ExecutionStore, flowId: string) {
    const { execution: parent, flow } = newExecution(flowId, now(), 'RUNNING');
    expect(await store.createExecution(parent, flow)).toBe(true);
    const flows = [branch('left'), branch('right')];
    const hashes = await store.saveSubFlows(parent.execution_id, flows, now());
    return { parent, flows, hashes };
  }

  const child = (parent: Execution, index: number, hash: string, slot = index, generation = 0): Execution => ({
    execution_id: childExecutionId(parent.execution_id, 2, index),
    flow_id: parent.flow_id,
    flow_name: parent.flow_name,
    definition_hash: hash,
    status: 'RUNNING',
    created_at: now(),
    started_at: now(),
    dispatched_at: now(),
    cursor: { seq: 1, task: index === 0 ? 'left' : 'right', timeout_seconds: 30 },
    attempts: 0,
    steps_recorded: 0,
    max_steps: 100,
    parent: { execution_id: parent.execution_id, seq: 2, index, slot, generation },
    state: { input: { item: index }, results: new Map() },
    progress: new Map(),
  });

  it('saves sub-flows by content hash, and a child runs its sub-flow as its definition', async () => {
    const store = await subject.isolated();
    const { parent, flows, hashes } = await parentWithSubFlows(store, 'children-subflows');
    expect(hashes).toEqual(flows.map(definitionHash));
    // The same sub-flow twice (a map's items, a takeover of the entry): the same item, written again.
    expect(await store.saveSubFlows(parent.execution_id, [flows[0]!, flows[0]!], now())).toEqual([
      hashes[0],
      hashes[0],
    ]);
    const right = child(parent, 1, hashes[1]!);
    expect(await store.createChildExecution(right)).toBe(true);
    expect(await store.loadDefinition(right.execution_id, hashes[1]!)).toEqual(flows[1]);
    // The parent's own definition is untouched.
    expect((await store.loadDefinition(parent.execution_id, parent.definition_hash)).id).toBe('children-subflows');
  });

  it('puts a child once, with its parent link, and a duplicate start is a no-op', async () => {
    const store = subject.store();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-once');
    const first = child(parent, 0, hashes[0]!, 3, 1);
    expect(await store.createChildExecution(first)).toBe(true);
    expect(await store.createChildExecution({ ...first, state: { input: { other: true }, results: new Map() } })).toBe(
      false,
    );
    expect(await store.loadExecution(first.execution_id)).toEqual(first);
  });

  it('refuses a child whose id does not say where its parent link says it runs', async () => {
    const store = subject.store();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-mismatch');
    const wrongIndex = { ...child(parent, 0, hashes[0]!), execution_id: childExecutionId(parent.execution_id, 2, 5) };
    await expect(store.createChildExecution(wrongIndex)).rejects.toThrow(/not the id of the child/);
    const { parent: _link, ...unlinked } = child(parent, 0, hashes[0]!);
    await expect(store.createChildExecution(unlinked)).rejects.toThrow(/not the id of the child/);
  });

  it('keeps children out of the list, the counts and the sweep: they are found through their parent', async () => {
    const store = await subject.isolated();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-unlisted');
    await store.createChildExecution(child(parent, 0, hashes[0]!));
    await store.createChildExecution(child(parent, 1, hashes[1]!));
    expect((await store.list({ limit: 100 })).items.map((e) => e.execution_id)).toEqual([parent.execution_id]);
    expect((await store.list({ limit: 100, status: 'RUNNING' })).items).toHaveLength(1);
    expect((await store.countByStatus('children-unlisted', 100)).counts).toMatchObject({ RUNNING: 1 });
    const running: string[] = [];
    for (let shard = 0; shard < store.shards; shard++)
      running.push(...(await store.activePage({ shard }, 100)).executionIds);
    expect(running).toEqual([parent.execution_id]);
  });

  it('reads children by index, at most 100 at once; a child never started is absent', async () => {
    const store = subject.store();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-batch');
    const [left, right] = [child(parent, 0, hashes[0]!), child(parent, 1, hashes[1]!)];
    await store.createChildExecution(left);
    await store.createChildExecution(right);
    const found = await store.loadChildren(parent.execution_id, 2, [1, 0, 7]);
    expect([...found.keys()].sort()).toEqual([0, 1]);
    expect(found.get(1)).toEqual(right);
    expect(await store.loadChildren(parent.execution_id, 3, [0])).toEqual(new Map());
    await expect(
      store.loadChildren(
        parent.execution_id,
        2,
        Array.from({ length: 101 }, (_, i) => i),
      ),
    ).rejects.toThrow(/at most 100/);
  });

  it('claims a child’s step as any execution’s, its longer id included', async () => {
    const store = subject.store();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-claim');
    const nested = child(parent, 1, hashes[1]!);
    await store.createChildExecution(nested);
    const outcome = await store.claimStep(claim(nested.execution_id, 1, 'right'));
    expect(outcome).toMatchObject({ claimed: true, execution: { attempts: 1, parent: nested.parent } });
  });

  it('moves a redriven child to its new slot and generation, with the walk value it reports with', async () => {
    const store = subject.store();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-redrive');
    const failed = child(parent, 1, hashes[1]!);
    await store.createChildExecution(failed);
    const at = now();
    expect(
      await store.endExecution({ executionId: failed.execution_id, status: 'ABORTED', at, reason: 'States.Aborted' }),
    ).toMatchObject({ ok: true });
    const redrive = {
      executionId: failed.execution_id,
      at,
      from: { status: 'ABORTED' as const, error: 'States.Aborted', at },
      previousCount: 0,
      cursor: { seq: 1, task: 'right', timeout_seconds: 30 },
      stepsRecorded: 0,
    };
    const walked = await store.redriveExecution({ ...redrive, parent: { slot: 0, generation: 1, walk: 4 } });
    expect(walked).toMatchObject({ ok: true, execution: { status: 'RUNNING', redrive_count: 1 } });
    expect((await store.loadExecution(failed.execution_id))?.parent).toEqual({
      ...failed.parent,
      slot: 0,
      generation: 1,
      walk: 4,
    });
    // Redriven again where value and index agree: the walk value goes.
    await store.endExecution({ executionId: failed.execution_id, status: 'ABORTED', at, reason: 'States.Aborted' });
    await store.redriveExecution({ ...redrive, previousCount: 1, parent: { slot: 1, generation: 2 } });
    expect((await store.loadExecution(failed.execution_id))?.parent).toEqual({
      ...failed.parent,
      slot: 1,
      generation: 2,
    });
  });

  it('deletes a parent’s sub-flows with the parent', async () => {
    const store = await subject.isolated();
    const { parent, hashes } = await parentWithSubFlows(store, 'children-delete');
    const left = child(parent, 0, hashes[0]!);
    await store.createChildExecution(left);
    expect(await store.deleteExecution(parent.execution_id)).toBe(true);
    await expect(store.loadDefinition(left.execution_id, hashes[0]!)).rejects.toThrow(/no stored definition/);
  });
}
