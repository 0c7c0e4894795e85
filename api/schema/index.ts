import { builder } from './builder.js';
import './types/contributor.js';
import './types/datanet.js';
import './types/record.js';
import './types/model.js';
import './types/output.js';
import './types/attribution.js';
import './types/lineage.js';
import './types/contributor-mutations.js';
import './types/datanet-mutations.js';
import './types/record-mutations.js';
import './types/model-mutations.js';
import './types/output-mutations.js';
import './types/trace.js';
import './types/log.js';

export const schema = builder.toSchema({ sortSchema: true });
