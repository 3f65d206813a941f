import type { KeyRange } from '../list-plan';

/**
 * The conditions of one list query against a list index, built as pure data (src/storage/dynamo/dynamo-list-executions.ts
 * sends them): the created-time range and the page boundary as the sort key condition, which costs
 * nothing for what it leaves out; the status (within a flow) and the name prefix as filters on the
 * projected attributes, which are read and then dropped.
 */

export interface Condition {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * The key condition. DynamoDB allows one condition on the sort key, so a range bounded on both
 * sides is a BETWEEN, whose upper end is inclusive: `dropKey` is then the one key the page must
 * not return (the exclusive bound itself, if it is a real key: the previous page's last).
 */
export function keyCondition(
  index: { partitionKey: string; sortKey: string },
  partition: string,
  range: KeyRange,
): Condition & { dropKey?: string } {
  const names: Record<string, string> = { '#pk': index.partitionKey };
  const values: Record<string, unknown> = { ':pk': partition };
  const partitionOnly = '#pk = :pk';
  if (range.from === undefined && range.below === undefined) return { expression: partitionOnly, names, values };
  names['#sk'] = index.sortKey;
  if (range.from === undefined)
    return { expression: `${partitionOnly} AND #sk < :below`, names, values: { ...values, ':below': range.below } };
  if (range.below === undefined)
    return { expression: `${partitionOnly} AND #sk >= :from`, names, values: { ...values, ':from': range.from } };
  return {
    expression: `${partitionOnly} AND #sk BETWEEN :from AND :below`,
    names,
    values: { ...values, ':from': range.from, ':below': range.below },
    dropKey: range.below,
  };
}

/** The filter expression for what the chosen index does not key on; undefined when there is none. */
export function filterCondition(filters: { status?: string; namePrefix?: string }): Condition | undefined {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filters.status !== undefined) {
    parts.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filters.status;
  }
  if (filters.namePrefix !== undefined) {
    // `name` is a reserved word in expressions.
    parts.push('begins_with(#name, :namePrefix)');
    names['#name'] = 'name';
    values[':namePrefix'] = filters.namePrefix;
  }
  return parts.length === 0 ? undefined : { expression: parts.join(' AND '), names, values };
}
