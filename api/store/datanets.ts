import { field, guardedNodeCreate, nodeImporter } from './properties.js';

export interface NewDatanet {
  id: string;
  name: string;
  description: string;
  domain: string | null;
  admission: 'OPEN' | 'REVIEWED';
}

/** The Datanet node's properties: what createDatanet and importDatanets both write. */
export function datanetProperties(row: string, computed: { createdAt: string }): string {
  const f = (name: string) => field(row, name);
  return `{id: ${f('id')}, name: ${f('name')}, description: ${f('description')}, domain: ${f('domain')}, admission: ${f('admission')}, createdAt: ${computed.createdAt}}`;
}

/** Creates the datanet behind the guard; false when the guard refused and nothing was written. */
export const createDatanet = guardedNodeCreate<NewDatanet>('Datanet', 'd', datanetProperties('$', { createdAt: 'datetime.statement()' }));

/** A datanet as a seed imports it: every property given, the timestamp as ISO-8601. */
export interface DatanetImport extends NewDatanet {
  createdAt: string;
}

const datanetImporter = nodeImporter<DatanetImport>('Datanet', 'd', datanetProperties('row', { createdAt: 'datetime(row.createdAt)' }));
export const importDatanetsCypher = datanetImporter.cypher;
export const importDatanets = datanetImporter.run;
