import type { z } from 'zod';
import type { ErrorDetail } from './errors';

type PathSegment = PropertyKey;

/** `['flow', 'tasks', 1, 'name']` → `flow.tasks[1].name`, the form every error detail uses. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? 'body' : out;
}

/** One detail per problem; an unknown-keys issue becomes one detail per unknown field, named. */
export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[] = []): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: formatPath([...path, key]), message: `unknown field '${key}'` });
    } else {
      details.push({ path: formatPath(path), message: issue.message });
    }
  }
  return details;
}
