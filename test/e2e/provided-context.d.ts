// The Neo4j URI test/integration/global-setup.ts provides (declared there too, for the root type-check; the e2e
// files are type-checked with the extension's tsconfig).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}
