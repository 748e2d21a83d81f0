/** The engine contract suite (test/support/contract.ts) on every engine reachable here. */
import { engineContract } from '../support/contract';
import { enginesUnderTest } from '../support/engines';

for (const engine of enginesUnderTest()) engineContract(engine);
