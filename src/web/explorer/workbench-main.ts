/**
 * Entry point of the workbench bundle (scripts/build-explorer.mjs), loaded by the explorer the first time the
 * workbench opens, so the editor and the Cypher parser do not weigh on the first page load.
 */
// Neo4j's editor theme, bundled: the page's CSP allows no inline style
import '@neo4j-cypher/codemirror/css/cypher-codemirror.css';
import './workbench.css';
import { mountWorkbench } from './workbench';
import './workbench-main-types';

window.kgWorkbench = { mount: mountWorkbench };
