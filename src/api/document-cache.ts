/**
 * Work done once per GraphQL document instead of once per request: the query limits' field count, depth and cost.
 * Apollo parses and validates a query text once and hands every later request the same document object, so the
 * results are kept per document object (weakly: a document Apollo evicts takes its entries with it) and operation.
 */
import { Kind, visit, type DocumentNode } from 'graphql';

/** What the limits learnt about one operation of a document. */
interface OperationFacts {
  fields?: number;
  depth?: number;
  cost?: number;
}

const facts = new WeakMap<DocumentNode, Map<string, OperationFacts>>();
const variableDependence = new WeakMap<DocumentNode, boolean>();

function factsOf(document: DocumentNode, operationName: string | null | undefined): OperationFacts {
  let byOperation = facts.get(document);
  if (!byOperation) facts.set(document, (byOperation = new Map()));
  const key = operationName ?? '';
  let found = byOperation.get(key);
  if (!found) byOperation.set(key, (found = {}));
  return found;
}

/** The operation's selected fields (aliases and fragment uses counted), computed on its document's first request. */
export function cachedFieldCount(document: DocumentNode, operationName: string | null | undefined, compute: () => number): number {
  const known = factsOf(document, operationName);
  return (known.fields ??= compute());
}

/** The operation's depth, computed on its document's first request. */
export function cachedDepth(document: DocumentNode, operationName: string | null | undefined, compute: () => number): number {
  const known = factsOf(document, operationName);
  return (known.depth ??= compute());
}

/**
 * The operation's estimated cost, computed once per document when no variable can change it (no variable gives
 * a `first` or decides a directive); otherwise computed for each request's variables.
 */
export function cachedCost(document: DocumentNode, operationName: string | null | undefined, compute: () => number): number {
  if (costDependsOnVariables(document)) return compute();
  const known = factsOf(document, operationName);
  return (known.cost ??= compute());
}

/** True when a variable is used inside a `first` argument or a directive (@include, @skip): the cost estimator reads those. */
export function costDependsOnVariables(document: DocumentNode): boolean {
  const known = variableDependence.get(document);
  if (known !== undefined) return known;
  let inside = 0;
  let depends = false;
  const enter = () => {
    inside++;
  };
  const leave = () => {
    inside--;
  };
  visit(document, {
    Argument: { enter: (node) => (node.name.value === 'first' ? enter() : undefined), leave: (node) => (node.name.value === 'first' ? leave() : undefined) },
    Directive: { enter, leave },
    Variable: (node, _key, parent) => {
      // A variable's own definition is not a use of it.
      if (inside > 0 && !(parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.VARIABLE_DEFINITION)) depends = true;
    },
  });
  variableDependence.set(document, depends);
  return depends;
}
