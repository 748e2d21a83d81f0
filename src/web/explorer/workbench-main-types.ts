/**
 * The global the workbench bundle sets when it loads (see workbench-main.ts), typed for the explorer bundle
 * without importing the workbench itself.
 */
import type { EntityRecord, RelationshipRecord } from './api';

declare global {
  interface Window {
    kgWorkbench?: {
      mount(
        root: HTMLElement,
        host: {
          stylesheet: string;
          kinds: string[];
          relationshipTypes: string[];
          draw(entities: EntityRecord[], relationships: RelationshipRecord[]): void;
          drawIds(ids: string[]): void;
        },
      ): Promise<{ focus(): void }>;
    };
  }
}

export {};
