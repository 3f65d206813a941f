import { useState } from 'preact/hooks';
import { api, ApiError, forgetKey, storeKey } from '../api';

/**
 * Asks for the API key once per browser session. The key is checked with a cheap authenticated
 * call before it is kept, and kept in sessionStorage only: closing the tab forgets it.
 */
export function KeyPrompt({ onReady, problem }: { onReady: () => void; problem?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState(problem ?? '');
  const [checking, setChecking] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecking(true);
    storeKey(key.trim());
    try {
      await api('GET', '/api/v1/flows/executions?limit=1');
      onReady();
    } catch (err) {
      forgetKey();
      setError(
        err instanceof ApiError && err.status === 401
          ? 'That key was not accepted.'
          : `The API did not answer: ${(err as Error).message}`,
      );
    } finally {
      setChecking(false);
    }
  };
  return (
    <form class="key-prompt card" onSubmit={submit}>
      <h1>Flow Manager console</h1>
      <label for="api-key">API key</label>
      <input
        id="api-key"
        name="api-key"
        type="password"
        autocomplete="off"
        value={key}
        onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        required
      />
      <p class="hint" data-testid="key-hint">
        Where to find it: on the local stack, <code>npm start</code> prints it and keeps it in{' '}
        <code>.flow-local/api-key</code>. On AWS: the key made with <code>npm run api-key</code> whose hash the stage
        was given (docs/api.md, "Authentication").
      </p>
      <p class="hint">Kept for this browser tab only, sent in the Authorization header, never in a URL.</p>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={checking || !key.trim()}>
        {checking ? 'Checking…' : 'Open the console'}
      </button>
    </form>
  );
}
