/**
 * Entry point of the explorer bundle (scripts/build-explorer.mjs): starts the page once the DOM is parsed.
 */
import './explorer.css';
import { Explorer } from './explorer';
import { ReaderPages } from './reader-pages';
import './workbench-main-types';

declare global {
  interface Window {
    /** Read-only view of the drawn graph for the browser tests (see test/web/explorer). */
    __explorer?: { probe: Explorer['probe'] };
  }
}

const explorer = new Explorer(document);
window.__explorer = { probe: (detail?: boolean) => explorer.probe(detail) };
explorer.start();
new ReaderPages(document, { openRelationship: (r) => explorer.openRelationship(r) });
