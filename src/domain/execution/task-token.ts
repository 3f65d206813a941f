/**
 * A task token: `ft1.<execution id, base64url>.<step>.<attempt>.<secret>`. The visible parts let a
 * callback find its step with one read by key (never a scan); the secret (256 random bits, made by
 * the service) is what makes it unguessable, and it must match the one the head keeps.
 */
export interface TaskTokenParts {
  executionId: string;
  seq: number;
  attempt: number;
  secret: string;
}

const PREFIX = 'ft1';
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const NUMBER = /^[1-9][0-9]{0,9}$/;
/** The longest token we issue or read (Step Functions allows 2048 characters for its own). */
export const MAX_TASK_TOKEN_LENGTH = 1024;

export function formatTaskToken(parts: TaskTokenParts): string {
  return [
    PREFIX,
    Buffer.from(parts.executionId, 'utf8').toString('base64url'),
    parts.seq,
    parts.attempt,
    parts.secret,
  ].join('.');
}

/** The token's parts, or undefined if it is not a token this engine could have issued. */
export function parseTaskToken(token: string): TaskTokenParts | undefined {
  if (token.length > MAX_TASK_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== PREFIX) return undefined;
  const [, id, seq, attempt, secret] = parts as [string, string, string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(id) || !NUMBER.test(seq) || !NUMBER.test(attempt) || !SECRET.test(secret))
    return undefined;
  const executionId = Buffer.from(id, 'base64url').toString('utf8');
  if (executionId.length === 0 || Buffer.from(executionId, 'utf8').toString('base64url') !== id) return undefined;
  return { executionId, seq: Number(seq), attempt: Number(attempt), secret };
}
