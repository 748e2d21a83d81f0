// Offline GraphiQL IDE: one tab per example from /graphql/examples.json, same-origin fetcher.
import { createGraphiQLFetcher, createLocalStorage, type Fetcher, type FetcherParams } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { Kind, parse } from 'graphql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css'; // GraphiQL 4 CSS; Roboto/Fira Code fonts are inlined as data: URLs
import './page.css';

type Example = { name: string; query: string; variables?: unknown };
type TabDefinition = { query: string; variables?: string };

const ENDPOINT = '/graphql';

async function loadExamples(): Promise<Example[]> {
  try {
    const res = await fetch(`${ENDPOINT}/examples.json`, { headers: { Accept: 'application/json' } });
    if (!res.ok) return [];
    const data: unknown = await res.json();
    return Array.isArray(data) ? data.filter((e): e is Example => typeof e?.query === 'string') : [];
  } catch {
    return []; // IDE still works without examples
  }
}

function toTab(e: Example): TabDefinition {
  const v = e.variables;
  if (v === undefined || v === null) return { query: e.query };
  return { query: e.query, variables: typeof v === 'string' ? v : JSON.stringify(v, null, 2) };
}

// Small stable hash so a new examples.json gets fresh tabs instead of stale persisted ones.
function hash(s: string): string {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

/**
 * GraphiQL can send the previous tab's operation name right after a tab switch ("Unknown operation named …",
 * graphql/graphiql#1807); keep a name only when the query being sent defines that operation.
 */
function withOwnOperationName(params: FetcherParams): FetcherParams {
  let names: string[];
  try {
    names = parse(params.query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
  } catch {
    return params; // the server reports the syntax error
  }
  if (params.operationName && names.includes(params.operationName)) return params;
  return { ...params, operationName: names.length === 1 ? names[0] : undefined };
}

async function main(): Promise<void> {
  const examples = await loadExamples();
  const defaultTabs = examples.map(toTab);
  // Default toolkit fetcher merges headers typed in the Headers editor (e.g. Authorization) into each POST.
  // apollo-require-preflight: what the server's cross-site request protection asks of a browser (README).
  const sameOrigin = createGraphiQLFetcher({ url: ENDPOINT, headers: { 'apollo-require-preflight': 'true' } });
  const fetcher: Fetcher = (params, opts) => sameOrigin(withOwnOperationName(params), opts);
  // defaultTabs only apply when no tab state is persisted, so namespace storage by the example set.
  const storage = createLocalStorage({ namespace: `graphiql-${hash(JSON.stringify(defaultTabs))}` });

  createRoot(document.getElementById('graphiql')!).render(
    <GraphiQL
      fetcher={fetcher}
      storage={storage}
      defaultTabs={defaultTabs.length ? defaultTabs : undefined}
      defaultEditorToolsVisibility={defaultTabs.some((t) => t.variables) ? 'variables' : false}
    />,
  );
}

void main();
