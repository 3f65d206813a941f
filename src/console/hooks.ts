import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Loaded<T> {
  data?: T;
  error?: ApiError | Error;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads with `load`, again whenever `deps` change, and every `everyMs` while `keepPolling(data)`
 * holds (a running execution, an auto-refreshing list). A slow answer never overwrites a newer one.
 */
export function usePolled<T>(
  load: () => Promise<T>,
  deps: unknown[],
  everyMs?: number,
  keepPolling: (data: T | undefined) => boolean = () => true,
): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => {
        if (call !== latest.current) return;
        setState({ data, loading: false });
        if (everyMs && keepPolling(data)) timer = setTimeout(() => setTick((t) => t + 1), everyMs);
      },
      (caught: unknown) => {
        const error = caught as ApiError | Error;
        if (call !== latest.current) return;
        setState((s) => ({ ...s, error, loading: false }));
        // A refused request (404, 400) will not change by asking again; a throttle or outage may.
        const final = error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
        if (everyMs && !final && keepPolling(undefined)) timer = setTimeout(() => setTick((t) => t + 1), everyMs * 2);
      },
    );
    return () => clearTimeout(timer);
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
