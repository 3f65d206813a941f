import type { z } from 'zod';
import type { ErrorDetail } from '../errors';
// Our wording for every issue a schema leaves to zod: installed wherever issues become details.
import './issue-messages';
import { didYouMean, knownFieldsAt } from './suggestions';

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

/**
 * One detail per problem; an unknown-keys issue becomes one detail per unknown field, named, with
 * the field it was probably meant to be when `schema` (what the issues came from) has a close one.
 */
export function zodIssuesToDetails(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PathSegment[] = [],
  schema?: z.ZodType,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? knownFieldsAt(schema, issue.path) : [];
      for (const key of issue.keys)
        details.push({ path: formatPath([...path, key]), message: `unknown field '${key}'${didYouMean(key, known)}` });
    } else {
      details.push({ path: formatPath(path), message: issue.message });
    }
  }
  return details;
}
