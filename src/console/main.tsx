import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiBase, forgetKey, KEY_REJECTED, storedKey } from './api';
import { KeyPrompt } from './components/key-prompt';
import { ChildrenPage } from './pages/children-page';
import { ExecutionPage } from './pages/execution-page';
import { ExecutionsPage } from './pages/executions-page';
import { FlowPage } from './pages/flow-page';
import { SavedFlowPage } from './pages/saved-flow-page';
import { SavedFlowsPage } from './pages/saved-flows-page';
import { type Route, takeEditorDraft, useRoute } from './router';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'execution':
      return <ExecutionPage id={route.id} key={route.id} />;
    case 'children':
      return <ChildrenPage id={route.id} task={route.task} status={route.status} key={JSON.stringify(route)} />;
    case 'flows':
      return <SavedFlowsPage />;
    case 'flow':
      return <SavedFlowPage id={route.id} key={route.id} />;
    case 'new':
      return <FlowPage initial={takeEditorDraft()} />;
    case 'executions':
      return <ExecutionsPage initial={route.filters} key={JSON.stringify(route.filters)} />;
  }
}

function App() {
  const route = useRoute();
  const [hasKey, setHasKey] = useState(storedKey() !== null);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    const rejected = () => {
      forgetKey();
      setProblem('The API no longer accepts that key: enter it again.');
      setHasKey(false);
    };
    addEventListener(KEY_REJECTED, rejected);
    return () => removeEventListener(KEY_REJECTED, rejected);
  }, []);
  if (!hasKey) return <KeyPrompt problem={problem} onReady={() => setHasKey(true)} />;
  const tab =
    route.page === 'execution' || route.page === 'children'
      ? 'executions'
      : route.page === 'flow'
        ? 'flows'
        : route.page;
  return (
    <>
      <header class="top">
        <a class="brand" href="#/executions">
          Flow Manager
        </a>
        <nav>
          <a href="#/executions" class={tab === 'executions' ? 'active' : ''}>
            Executions
          </a>
          <a href="#/flows" class={tab === 'flows' ? 'active' : ''}>
            Saved flows
          </a>
          <a href="#/new" class={tab === 'new' ? 'active' : ''}>
            Flow page
          </a>
          <a href={`${apiBase()}/docs`} target="_blank" rel="noreferrer">
            API reference
          </a>
        </nav>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            forgetKey();
            setProblem(undefined);
            setHasKey(false);
          }}
        >
          Forget key
        </button>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading" line the HTML shows until this script runs
render(<App />, root);
