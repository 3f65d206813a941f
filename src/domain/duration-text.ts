/**
 * A duration as a person reads it at a glance, the same in the command-line client and the web
 * console: `12 ms`, `1.4 s`, `3 min 5 s`, `2 h 3 min`. Each form is rounded before it is chosen,
 * so 59.96 s reads `1 min 0 s`, never `60.0 s`. No imports: the console's browser bundle uses it.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 999.5) return `${Math.max(0, Math.round(ms))} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
