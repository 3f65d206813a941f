import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'an array',
  null: 'null',
  bigint: 'a whole number',
};
const UNITS: Record<string, string> = {
  string: 'characters',
  array: 'items',
  set: 'items',
  map: 'entries',
  file: 'bytes',
};
const FORMATS: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO 8601 date and time',
  date: 'an ISO 8601 date',
  time: 'an ISO 8601 time',
  duration: 'an ISO 8601 duration',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  base64: 'base64 text',
  base64url: 'base64url text',
};

/** The field an issue is about, as a person names it: `delay_ms`, `items[2]`, else `value`. */
function subject(path: readonly PropertyKey[] = []): string {
  let name = '';
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i]!;
    name = typeof segment === 'number' ? `[${segment}]${name}` : `${String(segment)}${name}`;
    if (typeof segment !== 'number') return name;
  }
  return name === '' ? 'value' : `value${name}`;
}

const quoted = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));
const bound = (value: unknown) => (typeof value === 'bigint' ? value.toString() : String(value));

/**
 * Our wording for every problem a schema reports without a message of its own (a task type's
 * parameters are plain zod), in the form the flow schema's own messages take: `<field> must be
 * at least 0`, `<field> is required`. Installed as zod's error map for the whole process, under
 * any message a schema gives itself, so no zod phrasing ("Too small: expected number to be >=0")
 * reaches a user.
 */
export function issueMessage(issue: Issue): string {
  const what = subject(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${what} is required`;
      return `${what} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const unit = UNITS[issue.origin];
      if (unit) {
        if (issue.exact) return `${what} must have exactly ${bound(issue.minimum)} ${unit}`;
        if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${what} must not be empty`;
        return `${what} must have at least ${bound(issue.minimum)} ${unit}`;
      }
      return `${what} must be ${issue.exact ? '' : issue.inclusive ? 'at least ' : 'greater than '}${bound(issue.minimum)}`;
    }
    case 'too_big': {
      const unit = UNITS[issue.origin];
      if (unit) return `${what} must have ${issue.exact ? 'exactly' : 'at most'} ${bound(issue.maximum)} ${unit}`;
      return `${what} must be ${issue.exact ? '' : issue.inclusive ? 'at most ' : 'less than '}${bound(issue.maximum)}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex')
        return `${what} must match the pattern ${String((issue as { pattern?: unknown }).pattern)}`;
      if (issue.format === 'starts_with')
        return `${what} must start with ${quoted((issue as { prefix?: unknown }).prefix)}`;
      if (issue.format === 'ends_with')
        return `${what} must end with ${quoted((issue as { suffix?: unknown }).suffix)}`;
      if (issue.format === 'includes')
        return `${what} must include ${quoted((issue as { includes?: unknown }).includes)}`;
      return `${what} must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    case 'not_multiple_of':
      return `${what} must be a multiple of ${bound(issue.divisor)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `${what} must be ${quoted(issue.values[0])}`
        : `${what} must be one of ${issue.values.map(quoted).join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown field '${key}'`).join('; ');
    case 'invalid_key':
      return `${what} has a key that is not allowed`;
    case 'invalid_element':
      return `${what} has an entry that is not allowed`;
    case 'invalid_union':
      return `${what} matches none of the forms it may take`;
    default:
      return `${what} is not valid`;
  }
}

z.config({ customError: issueMessage });
