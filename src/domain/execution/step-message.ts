import { z } from 'zod';
import type { Cursor } from './execution';
import { LIMITS } from '../limits';
import { EXECUTION_STATUSES } from '../statuses';

/** A packed (binary, as base64) or plain JSON attribute value, as a message carries it. */
const WireJsonSchema = z.union([z.string(), z.strictObject({ base64: z.string() })]);

/** The head's fields no step changes (ExecutionContext), as the committing step knew them. */
const ExecutionContextSchema = z.strictObject({
  flow_id: z.string(),
  flow_name: z.string(),
  created_at: z.string(),
  started_at: z.string().optional(),
  name: z.string().optional(),
  flow_version: z.int().optional(),
  max_steps: z.int().min(1).max(LIMITS.maxMaxSteps),
  timeout_seconds: z.number().positive().optional(),
  deadline_at: z.string().optional(),
  redrive_count: z.int().optional(),
  redrive: z
    .strictObject({
      at: z.string(),
      seq: z.int(),
      from_status: z.enum(EXECUTION_STATUSES),
      from_error: z.string().optional(),
      from_at: z.string().optional(),
      from_cause: z.string().optional(),
    })
    .optional(),
  parent: z
    .strictObject({
      execution_id: z.string().min(1).max(LIMITS.maxChildExecutionIdLength),
      seq: z.int().min(1),
      index: z.int().min(0),
      slot: z.int().min(0),
      generation: z.int().min(0),
      walk: z.int().min(0).optional(),
    })
    .optional(),
  mock: z.strictObject({ state_machine: z.string(), test_case: z.string() }).optional(),
});

/**
 * The previous step's commit, carried by the invoke that hands the next step on: the next step's
 * claim writes it to the head in the same conditional update, on the condition that the step it
 * commits still holds the head with `claim_token`. One write per step fewer (docs/architecture.md, "Exactly-once step effects").
 */
const HandOnCommitSchema = z.strictObject({
  seq: z.int().min(1).max(LIMITS.maxMaxSteps),
  claim_token: z.string().min(1).max(100),
  /** When the committed step's task finished: a stop or deadline after it does not undo it. */
  completed_at: z.iso.datetime(),
  state: WireJsonSchema,
  progress: WireJsonSchema,
  retries: z.array(z.int().min(0)).optional(),
  /** Absent from messages sent before steps handed it on: the claim then has the head sent back. */
  execution: ExecutionContextSchema.optional(),
});

/** The payload of one step invocation: which execution, which step number, which task. */
export const StepMessageSchema = z.strictObject({
  // A child execution's id is longer than a caller's (`<parent id>.<seq>.<index>`).
  execution_id: z.string().min(1).max(LIMITS.maxChildExecutionIdLength),
  seq: z.int().min(1).max(LIMITS.maxMaxSteps),
  task: z.string().min(1).max(LIMITS.maxNameLength),
  /** The task's timeout, so the step can be claimed (with its lease) before anything is read. */
  timeout_seconds: z.number().positive().max(LIMITS.maxTaskTimeoutSeconds).default(LIMITS.defaultTaskTimeoutSeconds),
  /** The definition's content hash: a warm instance that has it cached reads no definition at all. */
  definition_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  commit: HandOnCommitSchema.optional(),
});

export type StepMessage = z.output<typeof StepMessageSchema>;

/** The message that runs the execution's cursor step. */
export const cursorMessage = (executionId: string, cursor: Cursor, definitionHash: string): StepMessage => ({
  execution_id: executionId,
  seq: cursor.seq,
  task: cursor.task,
  timeout_seconds: cursor.timeout_seconds,
  definition_hash: definitionHash,
});
