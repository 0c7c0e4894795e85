import { ATTRIBUTION_METHOD, ATTRIBUTION_METHOD_VERSION } from '../../api/attribution/attribute-text.js';
import { exactOnlyCoverage } from '../../api/attribution/attribution-shape.js';
import { upperBound } from '../../api/attribution/trace/upper-bound.js';
import { fingerprint } from '../../api/dedup/fingerprint.js';
import { contentHash } from '../../api/core/normalize.js';
import type { Role } from '../../api/core/roles.js';
import { distinctZipf, intBelow, lengthAround, pick, rng, streamAt, Zipf, type Rand } from './random.js';
import { recase, TextGenerator } from './words.js';

/**
 * The scale graph as data, computed deterministically from (scale, seed) with the same node and relationship shapes
 * as the demo seed (seed/demo-plan.ts) and the write path. Small entity lists live in memory; records are produced in
 * batches (their text is regenerated from their index when an output quotes them), so `--scale 1` needs a few
 * hundred MB, not the corpus.
 *
 * Skew: datanet sizes, contributor activity, adapter and model popularity follow Zipf laws (a few large datanets
 * and prolific contributors, a long tail of small ones; a few adapters used by many models). ~3 % of records are
 * exact copies of an earlier record (often into another datanet) and ~2 % near-duplicates (same words, other case and
 * punctuation): they join the first record's ContentCluster, whose first ACCEPTED record owns it.
 *
 * Attributions are synthetic but consistent: an output quotes records verbatim that its model can see (accepted into
 * a datanet before the snapshot of an adapter the model uses, and owning their cluster); spans point at the quotes,
 * shares are the quoted word counts summed per record, contributor, datanet and adapter, and coverage is the quoted
 * fraction of the output's words. They are not computed by the Owen split; the read API serves them the same way.
 *
 * Clusters carry what submitRecords stores (shingle hashes and the fingerprint version; graphs loaded earlier also hold
 * the MinHash signature, which nothing reads and the shingles give again), computed by the same engine (api/dedup/);
 * their LSH band nodes are opt-in (see cli.ts). Outputs carry the corpus their attribution counts as computed over
 * (the records accepted up to their creation). Left out on purpose: outputs are not appended to the transparency log
 * (no LogEntry, `logIndex` unset).
 */

// v2: clusters carry signature and fingerprintVersion, contributors an apiKeyHash, outputs their corpus (the production shapes).
export const GENERATOR_VERSION = 'scale-v2';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-06T08:00:00.000Z');
/** Records are submitted evenly over this span, oldest first. */
const RECORD_SPAN = 360 * DAY;

const SALT = { record: 1, text: 2, copy: 3, contributor: 4, datanet: 5, adapter: 6, model: 7, output: 8, outputText: 9 } as const;
const LICENSES = ['CC0-1.0', 'CC-BY-4.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'ODC-By-1.0', 'MIT'];
const DOMAINS = ['law', 'medicine', 'geography', 'finance', 'software', 'biology', 'history', 'education', 'news', 'reviews'];
const BASE_FAMILIES = ['decoder-only transformer', 'mixture of experts', 'state-space model'];

export interface ScaleSizes {
  contributors: number;
  datanets: number;
  records: number;
  baseModels: number;
  adapters: number;
  models: number;
  outputs: number;
}

/** `--scale 1` ≈ 10k contributors, 200 datanets, 10^6 records (~10^7 words), 1k adapters, 200 models, 10^5 outputs. */
export function sizesFor(scale: number): ScaleSizes {
  if (!(scale > 0) || scale > 10) throw new RangeError(`scale must be in (0, 10], got ${scale}`);
  const at = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  return {
    contributors: at(10_000, 50),
    datanets: at(200, 4),
    records: at(1_000_000, 1_000),
    baseModels: Math.max(2, Math.round(3 + 7 * scale)),
    adapters: at(1_000, 6),
    models: at(200, 4),
    outputs: at(100_000, 100),
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const iso = (ms: number) => new Date(ms).toISOString();

export type RecordStatus = 'ACCEPTED' | 'PENDING' | 'REJECTED';
const STATUS: readonly RecordStatus[] = ['ACCEPTED', 'PENDING', 'REJECTED'];

export interface ContributorRow { id: string; handle: string; roles: Role[]; createdAt: string }
export interface DatanetRow { id: string; name: string; description: string; domain: string; admission: 'OPEN' | 'REVIEWED'; createdAt: string }
export interface BaseModelRow { id: string; name: string; family: string; createdAt: string }
export interface ClusterRow { id: string; contentHash: string; ownerRecordId: string | null; shingles: number[]; bandHashes: number[] }
export interface RecordRow {
  id: string; contentHash: string; text: string; license: string; status: RecordStatus; submittedAt: string; acceptedAt: string | null;
  datanetId: string; contributorId: string; clusterId: string;
}
export interface ReviewRow { id: string; reviewerId: string; verdict: 'ACCEPT' | 'REJECT'; at: string; reason: string | null }
export interface RecordBatch { start: number; end: number; clusters: ClusterRow[]; records: RecordRow[]; reviews: ReviewRow[] }
export interface AdapterRow {
  id: string; name: string; baseModelId: string; builderId: string; derivedFromId: string | null; createdAt: string;
  trainedOn: Array<{ datanetId: string; snapshotSize: number; snapshotAt: string }>;
}
export interface ModelRow {
  id: string; name: string; version: string; baseModelId: string; ownerId: string; previousVersionId: string | null; createdAt: string;
  adapters: Array<{ adapterId: string; weight: number }>;
}
export interface ShareRow { outputId: string; id: string; share: number }
export interface OutputRow {
  id: string; contentHash: string; text: string; prompt: string; fee: string | null; modelId: string; createdAt: string;
  method: string; methodVersion: string; coverage: number; coverageByKind: string; spans: string;
  /** The corpus the attribution counts as computed over: the records accepted up to the output, the latest acceptance (ms). */
  corpusRecords: number; corpusAsOf: number;
}
export interface OutputBatch {
  start: number; end: number; outputs: OutputRow[];
  influences: { Datanet: ShareRow[]; Adapter: ShareRow[]; Contributor: ShareRow[]; Record: ShareRow[] };
}

interface AdapterPlan { index: number; base: number; createdAtMs: number; trainedOn: Array<{ datanet: number; snapshotSize: number }> }
interface ModelPlan { index: number; family: number; version: number; base: number; createdAtMs: number; adapters: Array<{ adapter: number; weight: number }> }

export class ScalePlan {
  readonly sizes: ScaleSizes;
  private readonly text = new TextGenerator();
  private readonly widths: Record<'contributor' | 'datanet' | 'record' | 'adapter' | 'model' | 'output', number>;

  // Per record (filled by recordBatch, in order).
  private readonly recDatanet: Uint16Array;
  private readonly recContributor: Int32Array;
  private readonly recStatus: Uint8Array;
  /** Index of the record whose text started this record's cluster. */
  private readonly recCluster: Int32Array;
  /** For a cluster (by its starting record): the record that owns it (first ACCEPTED), or -1. */
  private readonly clusterOwner: Int32Array;
  /** For a cluster (by its starting record): the first 16 hex of the hash that names it. */
  private readonly clusterKey: string[];
  /** contentHash prefix (64 bits) → cluster (starting record): exact dedup, as the write path does by hash. */
  private readonly clusterByHash = new Map<string, number>();
  private readonly ownerFixups: Array<{ clusterId: string; recordId: string }> = [];
  private generated = 0;

  private readonly datanetAdmission: Array<'OPEN' | 'REVIEWED'>;
  private readonly datanetZipf: Zipf;
  private readonly contributorZipf: Zipf;
  private readonly validators: number[];
  private acceptedByDatanet: Int32Array[] | null = null;
  private adapterPlans: AdapterPlan[] | null = null;
  private modelPlans: ModelPlan[] | null = null;

  constructor(readonly scale: number, readonly seed: number, readonly options: { lsh: boolean } = { lsh: false }) {
    this.sizes = sizesFor(scale);
    const s = this.sizes;
    const width = (n: number) => String(n - 1).length;
    this.widths = {
      contributor: width(s.contributors), datanet: width(s.datanets), record: width(s.records),
      adapter: width(s.adapters), model: width(s.models), output: width(s.outputs),
    };
    this.recDatanet = new Uint16Array(s.records);
    this.recContributor = new Int32Array(s.records);
    this.recStatus = new Uint8Array(s.records);
    this.recCluster = new Int32Array(s.records);
    this.clusterOwner = new Int32Array(s.records).fill(-1);
    this.clusterKey = new Array<string>(s.records);
    const r = rng(seed ^ 0x5ca1e);
    this.datanetAdmission = Array.from({ length: s.datanets }, () => (r() < 0.2 ? 'REVIEWED' : 'OPEN'));
    this.datanetAdmission[0] = 'OPEN';
    this.datanetZipf = new Zipf(s.datanets, 1.0);
    this.contributorZipf = new Zipf(s.contributors, 1.0);
    this.validators = [];
    for (let c = 0; c < s.contributors; c++) if (c % 50 === 1) this.validators.push(c);
  }

  // ---- ids ----
  contributorId = (i: number) => `ctb_sc${pad(i, this.widths.contributor)}`;
  datanetId = (i: number) => `dn_sc${pad(i, this.widths.datanet)}`;
  recordId = (i: number) => `rec_sc${pad(i, this.widths.record)}`;
  baseModelId = (i: number) => `bm_sc${i}`;
  adapterId = (i: number) => `ad_sc${pad(i, this.widths.adapter)}`;
  modelId = (i: number) => `mdl_sc${pad(i, this.widths.model)}`;
  outputId = (i: number) => `out_sc${pad(i, this.widths.output)}`;
  private clusterId = (origin: number) => `cl_${this.clusterKey[origin]}`;

  private submittedAtMs = (i: number) => T0 + Math.floor((i * RECORD_SPAN) / this.sizes.records);
  private acceptedAtMs = (i: number) => this.submittedAtMs(i) + (this.datanetAdmission[this.recDatanet[i]!] === 'REVIEWED' ? 2 * HOUR : 0);

  // ---- small lists ----
  contributors(start: number, end: number): ContributorRow[] {
    const rows: ContributorRow[] = [];
    const nouns = this.text.vocab.nouns;
    for (let i = start; i < end; i++) {
      const r = streamAt(this.seed, SALT.contributor, i);
      const roles: Role[] = ['CONTRIBUTOR', ...(i % 50 === 1 ? ['VALIDATOR' as const] : []), ...(i % 97 === 3 ? ['VOTER' as const] : [])];
      rows.push({ id: this.contributorId(i), handle: `c${i}-${pick(r, nouns)}`.slice(0, 39), roles, createdAt: iso(T0 - 30 * DAY + intBelow(r, 20 * DAY)) });
    }
    return rows;
  }

  datanets(): DatanetRow[] {
    return this.datanetAdmission.map((admission, i) => {
      const r = streamAt(this.seed, SALT.datanet, i);
      const topic = this.text.sentence(r, i, 6).replace(/\.$/, '');
      return {
        id: this.datanetId(i),
        name: `Datanet ${i}: ${topic.split(' ').slice(1, 4).join(' ')}`,
        description: `Synthetic datanet ${i} of the scale graph. ${topic}.`,
        domain: pick(r, DOMAINS),
        admission,
        createdAt: iso(T0 - 10 * DAY + i * HOUR),
      };
    });
  }

  baseModels(): BaseModelRow[] {
    return Array.from({ length: this.sizes.baseModels }, (_, i) => ({
      id: this.baseModelId(i),
      name: `Scale Base ${i + 1} (${[3, 7, 13, 34, 70][i % 5]}B)`,
      family: BASE_FAMILIES[i % BASE_FAMILIES.length]!,
      createdAt: iso(T0 - 90 * DAY + i * DAY),
    }));
  }

  // ---- records ----
  /** The original text of record i (before any copy logic): regenerated on demand from its index. */
  private originalText(i: number, datanet: number): string {
    const r = streamAt(this.seed, SALT.text, i);
    return this.text.passage(r, datanet, lengthAround(r, 4, 10, 40));
  }

  /**
   * Records [start, end) with the clusters they start, in submission order. Must be called for consecutive ranges
   * from 0: dedup and cluster ownership depend on everything submitted before.
   */
  async recordBatch(start: number, end: number): Promise<RecordBatch> {
    if (start !== this.generated) throw new Error(`records must be generated in order (next is ${this.generated}, asked ${start})`);
    const batch: RecordBatch = { start, end, clusters: [], records: [], reviews: [] };
    for (let i = start; i < end; i++) {
      // Let a write that is in flight make progress while this batch is computed.
      if ((i - start) % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
      const r = streamAt(this.seed, SALT.record, i);
      const datanet = this.datanetZipf.sample(r);
      const contributor = this.contributorZipf.sample(r);
      const copyRoll = r();
      let text: string;
      let nearOf = -1;
      if (i > 0 && copyRoll < 0.05) {
        // A copy of a recent record (the same text submitted again, often to another datanet).
        const j = Math.max(0, i - 1 - intBelow(r, 50_000));
        const source = this.textOf(j);
        if (copyRoll < 0.03) text = source;
        else {
          text = recase(source, streamAt(this.seed, SALT.copy, i));
          nearOf = this.recCluster[j]!;
        }
      } else {
        text = this.originalText(i, datanet);
      }
      const hash = contentHash(text);
      const key = hash.slice(0, 16);
      let cluster = this.clusterByHash.get(key);
      if (cluster === undefined) {
        if (nearOf >= 0) cluster = nearOf;
        else {
          cluster = i;
          this.clusterKey[i] = key;
          const { shingles, bandHashes } = fingerprint(text);
          batch.clusters.push({ id: this.clusterId(i), contentHash: hash, ownerRecordId: null, shingles, bandHashes });
        }
        this.clusterByHash.set(key, cluster);
      }

      const admission = this.datanetAdmission[datanet]!;
      let status: RecordStatus = 'ACCEPTED';
      if (admission === 'REVIEWED') {
        const roll = r();
        status = roll < 0.9 ? 'ACCEPTED' : roll < 0.94 ? 'REJECTED' : 'PENDING';
      }
      this.recDatanet[i] = datanet;
      this.recContributor[i] = contributor;
      this.recStatus[i] = STATUS.indexOf(status);
      this.recCluster[i] = cluster;
      const id = this.recordId(i);
      if (status === 'ACCEPTED' && this.clusterOwner[cluster] === -1) {
        this.clusterOwner[cluster] = i;
        if (cluster === i) batch.clusters.at(-1)!.ownerRecordId = id;
        else this.ownerFixups.push({ clusterId: this.clusterId(cluster), recordId: id });
      }
      const submitted = this.submittedAtMs(i);
      const decided = submitted + 2 * HOUR;
      batch.records.push({
        id, contentHash: hash, text, license: pick(r, LICENSES), status, submittedAt: iso(submitted),
        acceptedAt: status === 'ACCEPTED' ? iso(this.acceptedAtMs(i)) : null,
        datanetId: this.datanetId(datanet), contributorId: this.contributorId(contributor), clusterId: this.clusterId(cluster),
      });
      if (admission === 'REVIEWED' && status !== 'PENDING') {
        let reviewer = pick(r, this.validators);
        if (reviewer === contributor) reviewer = this.validators[(this.validators.indexOf(reviewer) + 1) % this.validators.length]!;
        batch.reviews.push({ id, reviewerId: this.contributorId(reviewer), verdict: status === 'ACCEPTED' ? 'ACCEPT' : 'REJECT', at: iso(decided), reason: null });
      }
    }
    this.generated = end;
    return batch;
  }

  /** The text record j was stored with (j already generated). */
  private textOf(j: number): string {
    const r = streamAt(this.seed, SALT.record, j);
    const datanet = this.datanetZipf.sample(r);
    this.contributorZipf.sample(r);
    const copyRoll = r();
    if (j > 0 && copyRoll < 0.05) {
      const source = this.textOf(Math.max(0, j - 1 - intBelow(r, 50_000)));
      return copyRoll < 0.03 ? source : recase(source, streamAt(this.seed, SALT.copy, j));
    }
    return this.originalText(j, datanet);
  }

  /** Clusters whose first record was not accepted: owned by a later record (set after all records are written). */
  clusterOwnerFixups(): Array<{ clusterId: string; recordId: string }> {
    return this.ownerFixups;
  }

  private requireRecords(): void {
    if (this.generated !== this.sizes.records) throw new Error('generate every record before adapters, models and outputs');
  }

  /** Accepted records per datanet, in acceptance order (acceptance time is monotone within a datanet). */
  private accepted(): Int32Array[] {
    if (this.acceptedByDatanet) return this.acceptedByDatanet;
    this.requireRecords();
    const counts = new Int32Array(this.sizes.datanets);
    for (let i = 0; i < this.sizes.records; i++) if (this.recStatus[i] === 0) counts[this.recDatanet[i]!]! += 1;
    const lists = Array.from(counts, (n) => new Int32Array(n));
    const fill = new Int32Array(this.sizes.datanets);
    for (let i = 0; i < this.sizes.records; i++) {
      if (this.recStatus[i] !== 0) continue;
      const d = this.recDatanet[i]!;
      lists[d]![fill[d]!++] = i;
    }
    this.acceptedByDatanet = lists;
    return lists;
  }

  /** Acceptance times of every accepted record, sorted. */
  private acceptedTimes: Float64Array | null = null;

  /** The corpus as the trace index held it at `ms`: how many records were accepted by then, and the latest acceptance. */
  private corpusAt(ms: number): { records: number; asOfMs: number } {
    if (!this.acceptedTimes) {
      this.requireRecords();
      const times: number[] = [];
      for (let i = 0; i < this.sizes.records; i++) if (this.recStatus[i] === 0) times.push(this.acceptedAtMs(i));
      this.acceptedTimes = Float64Array.from(times).sort();
    }
    const times = this.acceptedTimes;
    const records = upperBound(times, ms);
    return { records, asOfMs: records > 0 ? times[records - 1]! : 0 };
  }

  /** How many of the datanet's records were accepted at or before `ms`. */
  private snapshotSize(datanet: number, ms: number): number {
    const list = this.accepted()[datanet]!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.acceptedAtMs(list[mid]!) <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- adapters and models ----
  private adapters(): AdapterPlan[] {
    if (this.adapterPlans) return this.adapterPlans;
    const s = this.sizes;
    const r = rng(this.seed ^ SALT.adapter * 0x1000193);
    const baseZipf = new Zipf(s.baseModels, 1.2);
    // Creation times first, sorted: index order is time order, so a derived adapter's parent has a lower index.
    const times = Array.from({ length: s.adapters }, () => T0 + 45 * DAY + Math.floor(r() * 330 * DAY)).sort((a, b) => a - b);
    this.adapterPlans = times.map((createdAtMs, index) => {
      const base = baseZipf.sample(r);
      const datanets = distinctZipf(r, this.datanetZipf, 1 + Math.min(3, Math.floor(-Math.log(1 - r()) * 1.2)));
      return { index, base, createdAtMs, trainedOn: datanets.map((d) => ({ datanet: d, snapshotSize: this.snapshotSize(d, createdAtMs) })) };
    });
    return this.adapterPlans;
  }

  adapterRows(): AdapterRow[] {
    const plans = this.adapters();
    const r = rng(this.seed ^ 0xada97e5);
    const contributorPick = new Zipf(this.sizes.contributors, 1.0);
    return plans.map((a) => {
      const earlierSameBase = plans.slice(0, a.index).filter((p) => p.base === a.base);
      const parent = earlierSameBase.length > 0 && r() < 0.2 ? pick(r, earlierSameBase).index : null;
      return {
        id: this.adapterId(a.index),
        name: `Scale adapter ${a.index}${parent !== null ? ` (from ${parent})` : ''}`,
        baseModelId: this.baseModelId(a.base),
        builderId: this.contributorId(contributorPick.sample(r)),
        derivedFromId: parent === null ? null : this.adapterId(parent),
        createdAt: iso(a.createdAtMs),
        trainedOn: a.trainedOn.map((t) => ({ datanetId: this.datanetId(t.datanet), snapshotSize: t.snapshotSize, snapshotAt: iso(a.createdAtMs) })),
      };
    });
  }

  private models(): ModelPlan[] {
    if (this.modelPlans) return this.modelPlans;
    const adapters = this.adapters();
    const r = rng(this.seed ^ SALT.model * 0x1000193);
    // Popularity: a random ranking of each base model's adapters, drawn with a Zipf law.
    const byBase = new Map<number, number[]>();
    for (const a of adapters) byBase.set(a.base, [...(byBase.get(a.base) ?? []), a.index]);
    for (const [base, list] of byBase) {
      for (let k = list.length - 1; k > 0; k--) {
        const j = intBelow(r, k + 1);
        [list[k], list[j]] = [list[j]!, list[k]!];
      }
      byBase.set(base, list);
    }
    const bases = [...byBase.keys()].sort((a, b) => byBase.get(b)!.length - byBase.get(a)!.length || a - b);
    const baseZipf = new Zipf(bases.length, 1.0);
    const plans: ModelPlan[] = [];
    for (let family = 0; plans.length < this.sizes.models; family++) {
      const base = bases[baseZipf.sample(r)]!;
      const pool = byBase.get(base)!;
      const poolZipf = new Zipf(pool.length, 1.1);
      const versions = Math.min(this.sizes.models - plans.length, 1 + intBelow(r, 4));
      let previousMs = 0;
      for (let v = 0; v < versions; v++) {
        const chosen = distinctZipf(r, poolZipf, 2 + intBelow(r, 4)).map((k) => pool[k]!);
        const raw = chosen.map(() => 0.2 + r());
        const total = raw.reduce((x, y) => x + y, 0);
        const weights = raw.map((w) => Math.round((w / total) * 1e4) / 1e4);
        weights[weights.length - 1] = Math.round((1 - weights.slice(0, -1).reduce((x, y) => x + y, 0)) * 1e4) / 1e4;
        const latestAdapter = Math.max(...chosen.map((k) => adapters[k]!.createdAtMs));
        const createdAtMs = Math.max(latestAdapter + HOUR + Math.floor(r() * 20 * DAY), previousMs + DAY);
        previousMs = createdAtMs;
        plans.push({ index: plans.length, family, version: v + 1, base, createdAtMs, adapters: chosen.map((adapter, k) => ({ adapter, weight: weights[k]! })) });
      }
    }
    this.modelPlans = plans;
    return plans;
  }

  modelRows(): ModelRow[] {
    const owners = new Zipf(this.sizes.contributors, 1.0);
    const r = rng(this.seed ^ 0x30de1);
    const familyOwner = new Map<number, number>();
    return this.models().map((m) => {
      // A family (consecutive versions of one model) has one owner; version n > 1 points at version n − 1.
      if (!familyOwner.has(m.family)) familyOwner.set(m.family, owners.sample(r));
      return {
        id: this.modelId(m.index),
        name: `Scale model ${m.family}`,
        version: `${m.version}.0`,
        baseModelId: this.baseModelId(m.base),
        ownerId: this.contributorId(familyOwner.get(m.family)!),
        previousVersionId: m.version > 1 ? this.modelId(m.index - 1) : null,
        createdAt: iso(m.createdAtMs),
        adapters: m.adapters.map((u) => ({ adapterId: this.adapterId(u.adapter), weight: u.weight })),
      };
    });
  }

  // ---- outputs ----
  outputBatch(start: number, end: number): OutputBatch {
    const models = this.models();
    const adapters = this.adapters();
    const accepted = this.accepted();
    // Popular models answer most requests: a fixed random ranking drawn with a Zipf law.
    const rank = rng(this.seed ^ 0x9091);
    const byPopularity = models.map((m) => m.index);
    for (let k = byPopularity.length - 1; k > 0; k--) {
      const j = intBelow(rank, k + 1);
      [byPopularity[k], byPopularity[j]] = [byPopularity[j]!, byPopularity[k]!];
    }
    const modelZipf = new Zipf(models.length, 1.0);
    const batch: OutputBatch = { start, end, outputs: [], influences: { Datanet: [], Adapter: [], Contributor: [], Record: [] } };
    for (let o = start; o < end; o++) {
      const r = streamAt(this.seed, SALT.output, o);
      const model = models[byPopularity[modelZipf.sample(r)]!]!;
      const createdAtMs = model.createdAtMs + HOUR + Math.floor(r() * 60 * DAY);
      const quotes = 1 + Math.min(11, Math.floor(-Math.log(1 - r()) * 2.5));
      const parts: string[] = [];
      const spans: Array<{ start: number; end: number; text: string; recordIds: string[] }> = [];
      const credit = { Record: new Map<number, number>(), Contributor: new Map<number, number>(), Datanet: new Map<number, number>(), Adapter: new Map<number, number>() };
      let length = 0;
      let words = 0;
      let covered = 0;
      const tr = streamAt(this.seed, SALT.outputText, o);
      const append = (s: string) => {
        if (parts.length > 0) {
          parts.push(' ');
          length += 1;
        }
        parts.push(s);
        length += s.length;
        words += s.split(' ').length;
      };
      for (let q = 0; q < quotes; q++) {
        append(this.text.sentence(tr, 1000 + (o % 97), 6 + intBelow(tr, 10)));
        const found = this.quotable(r, model, adapters, accepted);
        if (!found) continue;
        const quote = this.textOf(found.record);
        const weight = quote.split(' ').length;
        append(quote);
        spans.push({ start: length - quote.length, end: length, text: quote, recordIds: [this.recordId(found.record)] });
        covered += weight;
        const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + weight);
        add(credit.Record, found.record);
        add(credit.Contributor, this.recContributor[found.record]!);
        add(credit.Datanet, found.datanet);
        add(credit.Adapter, found.adapter);
      }
      if (r() < 0.5) append(this.text.sentence(tr, 2000 + (o % 89), 8));
      const text = parts.join('');
      const id = this.outputId(o);
      const idOf = { Record: this.recordId, Contributor: this.contributorId, Datanet: this.datanetId, Adapter: this.adapterId };
      for (const kind of ['Record', 'Contributor', 'Datanet', 'Adapter'] as const) {
        const total = [...credit[kind].values()].reduce((x, y) => x + y, 0);
        for (const [k, w] of credit[kind]) batch.influences[kind].push({ outputId: id, id: idOf[kind](k), share: w / total });
      }
      const corpus = this.corpusAt(createdAtMs);
      batch.outputs.push({
        id, contentHash: contentHash(text), text, prompt: `Question ${o}: ${this.text.sentence(tr, 3000 + (o % 83), 6)}`, fee: null,
        modelId: this.modelId(model.index), createdAt: iso(createdAtMs),
        method: ATTRIBUTION_METHOD, methodVersion: ATTRIBUTION_METHOD_VERSION, coverage: words > 0 ? covered / words : 0,
        // The synthetic quotes are verbatim: all of the coverage is EXACT.
        coverageByKind: JSON.stringify(exactOnlyCoverage(words > 0 ? covered / words : 0)),
        spans: JSON.stringify(spans),
        corpusRecords: corpus.records, corpusAsOf: corpus.asOfMs,
      });
    }
    return batch;
  }

  /** A record the model can see and that owns its cluster, reached through one of the model's adapters (by weight). */
  private quotable(r: Rand, model: ModelPlan, adapters: AdapterPlan[], accepted: Int32Array[]) {
    for (let attempt = 0; attempt < 12; attempt++) {
      let roll = r();
      let use = model.adapters[model.adapters.length - 1]!;
      for (const u of model.adapters) {
        if (roll < u.weight) {
          use = u;
          break;
        }
        roll -= u.weight;
      }
      const adapter = adapters[use.adapter]!;
      const t = pick(r, adapter.trainedOn);
      if (t.snapshotSize === 0) continue;
      const record = accepted[t.datanet]![intBelow(r, t.snapshotSize)]!;
      if (this.clusterOwner[this.recCluster[record]!] !== record) continue;
      return { record, datanet: t.datanet, adapter: adapter.index };
    }
    return null;
  }

  /** What a loaded graph records about itself, so a benchmark can check it runs on the graph it asked for. */
  info() {
    return { generator: GENERATOR_VERSION, scale: this.scale, seed: this.seed, lsh: this.options.lsh, ...this.sizes };
  }
}
