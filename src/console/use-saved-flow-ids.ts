import { useEffect, useState } from 'preact/hooks';
import { api, queryString, savesMade } from './api';
import type { SavedFlowList } from './types';

const PAGE = 100;
const MAX_PAGES = 10;
const FRESH_MS = 30_000;

let cached: { at: number; saves: number; ids: Promise<ReadonlySet<string>> } | undefined;

/**
 * The ids of the saved flows (the first thousand), read at most every 30 s and again after this
 * page saved a flow: a flow name links to its saved-flow page only when there is one. An execution
 * of a posted flow has a flow id too, but no saved flow behind it.
 */
export function savedFlowIds(now = Date.now()): Promise<ReadonlySet<string>> {
  if (cached && now - cached.at < FRESH_MS && cached.saves === savesMade()) return cached.ids;
  const ids = (async () => {
    const found = new Set<string>();
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const list = await api<SavedFlowList>('GET', `/api/v1/flows${queryString({ limit: PAGE, next_token: token })}`);
      for (const flow of list.flows) found.add(flow.flow_id);
      if (!list.next_token) break;
      token = list.next_token;
    }
    return found;
  })();
  // A failed read is not kept: the next page asks again.
  ids.catch(() => (cached = undefined));
  cached = { at: now, saves: savesMade(), ids };
  return ids;
}

/** The saved flows' ids once read (undefined until then, or when they could not be read). */
export function useSavedFlowIds(): ReadonlySet<string> | undefined {
  const [ids, setIds] = useState<ReadonlySet<string>>();
  useEffect(() => {
    let live = true;
    savedFlowIds().then(
      (found) => live && setIds(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return ids;
}
