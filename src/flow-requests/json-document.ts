import { BadRequestError } from '../domain/errors';
import { duplicateKeys } from './duplicate-keys';

/** Enough to show the pattern without making a hostile body's answer as large as the body. */
const MAX_REPORTED_DUPLICATE_KEYS = 20;

/**
 * JSON text read as the API reads a request body: 400 if empty, malformed, or if an object
 * repeats a key. The command-line client reads flow files with it, so a file it accepts is one
 * the API accepts.
 */
export function jsonDocument(text: string): unknown {
  if (text.trim() === '')
    throw new BadRequestError('empty_body', 'request body is empty; send a JSON object', [
      { path: 'body', message: 'is required' },
    ]);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(
      'invalid_json',
      `request body is not valid JSON: ${(error as Error).message}`,
      [{ path: 'body', message: 'must be valid JSON' }],
      { cause: error },
    );
  }
  const duplicates = duplicateKeys(text, MAX_REPORTED_DUPLICATE_KEYS);
  if (duplicates.length > 0) {
    const [first] = duplicates;
    throw new BadRequestError(
      'duplicate_key',
      `request body repeats key '${first!.key}' in one object (at ${first!.path}); each key may appear only once`,
      duplicates.map(({ key, path }) => ({ path, message: `duplicate key '${key}'` })),
    );
  }
  return body;
}
