import { NotFoundError } from '../../src/domain/errors';
import { reservedFlowSave } from '../../src/http/flow-id';
import { MethodNotAllowedError } from '../../src/http/http-errors';
import { httpHandler } from '../../src/http/http-handler';
import { allowedMethods } from '../../src/http/routes';

/** Every request no route took: 405 with `Allow` for a known path, otherwise a JSON 404. */
export const handler = httpHandler('fallback', async ({ event }) => {
  const method = event.requestContext?.http?.method ?? 'GET';
  const path = event.rawPath ?? '/';
  // Saving a flow under a fixed path's name (PUT /api/v1/flows/executions) is refused as a bad id.
  const reserved = reservedFlowSave(method, path);
  if (reserved) throw reserved;
  const allowed = allowedMethods(path);
  if (allowed.length > 0) throw new MethodNotAllowedError(method, path, allowed);
  throw new NotFoundError(`no route for ${method} ${path}`);
});
