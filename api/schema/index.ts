import { builder } from './builder.js';
import './types/contributor.js';
import './types/datanet.js';
import './types/record.js';
import './types/model.js';
import './types/output.js';
import './types/attribution.js';
import './types/lineage.js';

export const schema = builder.toSchema({ sortSchema: true });
