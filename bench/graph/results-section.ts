import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Sections of bench/RESULTS.md written by a benchmark of their own (bench/trace-index.ts, bench/trace-fulltext.ts), each
 * between two markers naming it and its script. They are measured by separate commands (a 10^8-token index takes
 * most of an hour), so `npm run bench`, which writes the rest of the file, keeps them as they are.
 */
const START = /<!-- ([a-z0-9-]+): written by (bench\/[a-z0-9./-]+) -->\n/g;
const end = (name: string) => `<!-- /${name} -->`;

/** Replaces the section `name` of `file` between its markers, or appends it with them. */
export function writeResultsSection(file: string, name: string, script: string, section: string): void {
  const start = `<!-- ${name}: written by ${script} -->`;
  const block = `${start}\n${section.endsWith('\n') ? section : `${section}\n`}${end(name)}\n`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(start);
  const stop = text.indexOf(end(name));
  writeFileSync(file, at >= 0 && stop > at ? text.slice(0, at) + block + text.slice(stop + end(name).length + 1) : `${text}${text.endsWith('\n') || !text ? '' : '\n'}\n${block}`);
}

/** Every marked section of `markdown`, markers included, in the order they appear. */
export function resultsSections(markdown: string): string[] {
  const sections: string[] = [];
  for (const match of markdown.matchAll(START)) {
    const stop = markdown.indexOf(end(match[1]!), match.index);
    if (stop < 0) continue;
    sections.push(markdown.slice(match.index, stop + end(match[1]!).length));
  }
  return sections;
}
