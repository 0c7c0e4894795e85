/**
 * Planted-source evaluation: outputs assembled from known record passages plus filler, and the scoring of a trace
 * against that ground truth.
 *
 * - top-1 source precision: for each planted passage, the record credited most (summed over spans overlapping the
 *   passage, each span's overlap split over its records) is the true source or a member of its content cluster.
 * - span recall: fraction of the planted passages' tokens covered by the trace.
 * - filler coverage: fraction of filler tokens covered (false attribution of text that came from nowhere).
 */
import type { CorpusIndex, CorpusRecord } from '../../../api/attribution/trace/corpus-index.js';
import { tokenize } from '../../../api/attribution/trace/tokenize.js';
import { seededRandom } from '../../../api/attribution/seeded-random.js';
import { SentenceGenerator } from './synthetic-corpus.js';

export interface PlantedPassage {
  recordId: string;
  clusterId: string;
  /** UTF-16 offsets of the passage in the output. */
  start: number;
  end: number;
}

export interface PlantedOutput {
  text: string;
  passages: PlantedPassage[];
}

export interface PlantSpec {
  seed: number;
  outputs: number;
  minPassages?: number;
  maxPassages?: number;
  minWords?: number;
  maxWords?: number;
  /** Start passages at a sentence start (true) or at any word (false). */
  sentenceAligned?: boolean;
}

export function plantOutputs(records: readonly CorpusRecord[], spec: PlantSpec): PlantedOutput[] {
  const rand = seededRandom(spec.seed);
  const filler = new SentenceGenerator(seededRandom(spec.seed ^ 0x5eed));
  const minPassages = spec.minPassages ?? 2;
  const maxPassages = spec.maxPassages ?? 4;
  const minWords = spec.minWords ?? 8;
  const maxWords = spec.maxWords ?? 30;
  const outputs: PlantedOutput[] = [];
  for (let o = 0; o < spec.outputs; o++) {
    const count = minPassages + Math.floor(rand() * (maxPassages - minPassages + 1));
    let text = '';
    const passages: PlantedPassage[] = [];
    const addFiller = () => {
      const sentences = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < sentences; s++) text += `${filler.sentence(Math.floor(rand() * filler.topicCount))} `;
    };
    addFiller();
    for (let p = 0; p < count; p++) {
      const record = records[Math.floor(rand() * records.length)]!;
      const tokens = tokenize(record.text);
      const length = Math.min(tokens.length, minWords + Math.floor(rand() * (maxWords - minWords + 1)));
      const starts = spec.sentenceAligned
        ? tokens.flatMap((_, i) => (i === 0 || tokens[i - 1]!.sentenceEnd ? [i] : [])).filter((i) => i + length <= tokens.length)
        : Array.from({ length: tokens.length - length + 1 }, (_, i) => i);
      const first = starts.length > 0 ? starts[Math.floor(rand() * starts.length)]! : 0;
      const passage = record.text.slice(tokens[first]!.start, tokens[first + length - 1]!.end);
      passages.push({ recordId: record.recordId, clusterId: record.clusterId, start: text.length, end: text.length + passage.length });
      text += `${passage}. `;
      addFiller();
    }
    outputs.push({ text: text.trimEnd(), passages });
  }
  return outputs;
}

export interface PlantedScore {
  passages: number;
  /** Passages whose top-credited record is the source or in its cluster, over all passages. */
  precision: number;
  /** Same, over passages that got any attribution at all. */
  precisionWhenAttributed: number;
  recall: number;
  /**
   * Recall over planted tokens that the rules allow to be covered at all: those in runs of at least `minWords`
   * words between sentence ends. (A passage cut mid-sentence leaves fragments too short to be a span.)
   */
  coverableRecall: number;
  fillerCoverage: number;
}

export function scorePlanted(
  index: CorpusIndex,
  outputs: readonly PlantedOutput[],
  clusterOf: (recordId: string) => string,
  minWords = 4,
): PlantedScore {
  let passages = 0;
  let correct = 0;
  let attributed = 0;
  let plantedTokens = 0;
  let plantedCovered = 0;
  let fillerTokens = 0;
  let fillerCovered = 0;
  let coverableTokens = 0;
  let coverableCovered = 0;
  for (const output of outputs) {
    const result = index.trace(output.text);
    const covered = new Set(result.tokens.map((t) => t.start));
    const tokens = tokenize(output.text);
    const inPassage = (t: { start: number }) => output.passages.some((p) => p.start <= t.start && t.start < p.end);
    for (const t of tokens) {
      if (inPassage(t)) {
        plantedTokens++;
        if (covered.has(t.start)) plantedCovered++;
      } else {
        fillerTokens++;
        if (covered.has(t.start)) fillerCovered++;
      }
    }
    for (const passage of output.passages) {
      // Runs of passage tokens between sentence ends; only runs of >= minWords can be spans.
      let run: number[] = [];
      const flush = () => {
        if (run.length >= minWords) {
          coverableTokens += run.length;
          coverableCovered += run.filter((start) => covered.has(start)).length;
        }
        run = [];
      };
      for (const t of tokens) {
        if (t.start < passage.start || t.start >= passage.end) continue;
        run.push(t.start);
        if (t.sentenceEnd) flush();
      }
      flush();

      passages++;
      const credit = new Map<string, number>();
      for (const span of result.spans) {
        const overlap = tokens.filter(
          (t) => t.start >= Math.max(span.start, passage.start) && t.end <= Math.min(span.end, passage.end),
        ).length;
        if (overlap === 0) continue;
        for (const id of span.recordIds) credit.set(id, (credit.get(id) ?? 0) + overlap / span.recordIds.length);
      }
      let top: string | undefined;
      for (const [id, c] of credit) if (top === undefined || c > credit.get(top)!) top = id;
      if (top === undefined) continue;
      attributed++;
      if (clusterOf(top) === passage.clusterId) correct++;
    }
  }
  return {
    passages,
    precision: correct / passages,
    precisionWhenAttributed: attributed ? correct / attributed : 0,
    recall: plantedCovered / plantedTokens,
    coverableRecall: coverableCovered / coverableTokens,
    fillerCoverage: fillerTokens ? fillerCovered / fillerTokens : 0,
  };
}
