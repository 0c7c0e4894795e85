import { createGuarded, type Guard } from './actor-guard.js';
import type { Transaction } from './transaction.js';

export interface NewDatanet {
  id: string;
  name: string;
  description: string;
  domain: string | null;
  admission: 'OPEN' | 'REVIEWED';
}

/** Creates the datanet behind the guard; false when the guard refused and nothing was written. */
export async function createDatanet(tx: Transaction, guard: Guard, datanet: NewDatanet): Promise<boolean> {
  return createGuarded(
    tx,
    guard,
    `CREATE (d:Datanet {id: $id, name: $name, description: $description, domain: $domain, admission: $admission, createdAt: datetime.statement()})
     RETURN d.id AS id`,
    { ...datanet },
  );
}
