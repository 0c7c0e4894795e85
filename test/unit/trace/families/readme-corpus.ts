/**
 * A second corpus the tracing rules were never tuned on: technical prose from the README files of the npm packages
 * installed with Strata (hundreds of authors; none of it license, Factbook or WordNet text). Paragraphs of 25–120
 * words with markdown, code and tables removed are the records; every fourth package is held out and its sentences
 * become the filler. Deterministic for an installed tree (package-lock.json pins it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_WORDS, MIN_WORDS, normalizeText, wordCount } from '../../../../seed/corpus/text.js';

export interface ReadmeParagraphs {
  /** Indexed paragraphs by package, in package-name order. */
  indexed: Array<{ name: string; paragraphs: string[] }>;
  /** Texts of the held-out packages (sources of filler sentences). */
  heldOut: string[];
}

const NODE_MODULES = join(import.meta.dirname, '../../../../node_modules');

/** Installed package folders, scoped ones included, in name order. */
function packageDirs(): Array<{ name: string; dir: string }> {
  const out: Array<{ name: string; dir: string }> = [];
  for (const entry of readdirSync(NODE_MODULES).sort()) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of readdirSync(join(NODE_MODULES, entry)).sort()) out.push({ name: `${entry}/${sub}`, dir: join(NODE_MODULES, entry, sub) });
    } else out.push({ name: entry, dir: join(NODE_MODULES, entry) });
  }
  return out;
}

function readmeOf(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const file = names.find((n) => /^readme(\.md|\.markdown)?$/iu.test(n));
  return file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;
}

/** Prose paragraphs of a markdown README: no code, tables, headings, html, badges or link targets. */
export function proseParagraphs(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/gu, '\n\n').replace(/~~~[\s\S]*?~~~/gu, '\n\n');
  const out: string[] = [];
  for (const block of withoutCode.split(/\n\s*\n/u)) {
    const lines = block.split('\n').filter((l) => !/^\s*(#|\||<|!\[|\[!\[|>|\s{4}|[-*+]\s|\d+\.\s)/u.test(l));
    if (lines.length === 0) continue;
    const text = normalizeText(
      lines
        .join(' ')
        .replace(/!\[[^\]]*\]\([^)]*\)/gu, ' ')
        .replace(/\[([^\]]*)\]\([^)]*\)/gu, '$1')
        .replace(/\[([^\]]*)\]\[[^\]]*\]/gu, '$1')
        .replace(/`([^`]*)`/gu, '$1')
        .replace(/[*_]{1,3}([^*_]+)[*_]{1,3}/gu, '$1')
        .replace(/<[^>]*>/gu, ' '),
    );
    const count = wordCount(text);
    // Prose, not a list of identifiers: mostly lower-case words, ending like a sentence.
    if (count < MIN_WORDS || count > MAX_WORDS || !/[.!?:]$/u.test(text)) continue;
    const wordy = text.split(' ').filter((w) => /^[a-z][a-z'’-]*[,.;:]?$/u.test(w)).length;
    if (wordy / count < 0.6) continue;
    out.push(text);
  }
  return out;
}

export function readmeParagraphs(holdOutEvery = 4): ReadmeParagraphs {
  const indexed: ReadmeParagraphs['indexed'] = [];
  const heldOut: string[] = [];
  let n = 0;
  for (const { name, dir } of packageDirs()) {
    const readme = readmeOf(dir);
    if (!readme) continue;
    const paragraphs = proseParagraphs(readme);
    if (paragraphs.length === 0) continue;
    if (n++ % holdOutEvery === holdOutEvery - 1) heldOut.push(...paragraphs);
    else indexed.push({ name, paragraphs });
  }
  return { indexed, heldOut };
}
