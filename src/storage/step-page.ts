import type { StepPage, StepRecord } from '../domain/execution/execution';
import { encodeStepToken } from '../domain/paging/step-token';
import type { StepPageQuery } from '../ports/execution-store';
import { stepRecordBytes } from './item-mapping';

/**
 * One page of an execution's step records, filled in order by either store: at most `limit`
 * steps and `maxBytes` of records (always at least one step); a full page says where the next
 * starts. A page that ran out of records has no token: every record up to `toSeq` was read (one
 * not yet written, its commit in flight, is simply absent).
 */
export class StepPageBuilder {
  private readonly steps: StepRecord[] = [];
  private bytes = 0;
  private lastSeq: number;
  private full = false;

  constructor(
    private readonly executionId: string,
    private readonly q: StepPageQuery,
  ) {
    this.lastSeq = q.fromSeq - 1;
  }

  /** Whether there is nothing to read: an empty range. */
  get empty(): boolean {
    return this.q.fromSeq > this.q.toSeq;
  }

  /** How many more steps the page may take. */
  get room(): number {
    return this.q.limit - this.steps.length;
  }

  /** Adds the next step; false once the page is full (this step then starts the next page, or was its last). */
  add(step: StepRecord): boolean {
    const size = stepRecordBytes(step);
    if (this.steps.length > 0 && this.bytes + size > this.q.maxBytes) return !(this.full = true);
    this.bytes += size;
    this.steps.push(step);
    this.lastSeq = step.seq;
    if (this.steps.length >= this.q.limit) this.full = true;
    return !this.full;
  }

  page(): StepPage {
    const more = this.full && this.lastSeq < this.q.toSeq;
    return { steps: this.steps, ...(more && { nextToken: encodeStepToken(this.executionId, this.lastSeq + 1) }) };
  }
}
