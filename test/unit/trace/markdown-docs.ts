/**
 * Random markdown answers for property tests of the words hash: one document model, written three ways — the raw
 * markdown a model outputs, the HTML a chat site renders from it (ChatGPT's shape: code blocks with a language header
 * and a "Copy code" button, lists without their numbers, links with only their text), and the text a reader sees.
 * The three are written independently of the words-hash code, from what markdown renderers produce.
 */
import fc from 'fast-check';

export type Inline =
  | { kind: 'text'; words: string[] }
  | { kind: 'bold' | 'italic' | 'code'; words: string[] }
  | { kind: 'link'; words: string[]; url: string };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'bullets'; items: Inline[][] }
  | { kind: 'ordered'; start: number; items: Inline[][] }
  | { kind: 'tasks'; items: Array<{ done: boolean; inlines: Inline[] }> }
  | { kind: 'code'; lang: string; lines: string[] }
  | { kind: 'table'; header: string[][]; rows: string[][][] }
  | { kind: 'quote'; inlines: Inline[] };

const WORDS = [
  'the', 'tide', 'Harbour', 'lantern', 'copper', 'herons', 'argue', 'quartz', 'velvet', 'evening', 'déjà', 'naïve',
  'state-of-the-art', "don't", 'U.S', '3.14', '1,000', '42', 'x', 'API', 'Neo4j', 'snake_case', 'ünïcödé', '東京',
];
const word = fc.constantFrom(...WORDS);
const words = fc.array(word, { minLength: 1, maxLength: 6 });
const url = fc.constantFrom('https://example.com/a_b?x=1', 'https://strata.dev/docs/lineage', 'http://localhost:4000/graphql');

const inline: fc.Arbitrary<Inline> = fc.oneof(
  { weight: 4, arbitrary: words.map((w) => ({ kind: 'text' as const, words: w })) },
  fc.record({ kind: fc.constantFrom('bold' as const, 'italic' as const, 'code' as const), words }),
  fc.record({ kind: fc.constant('link' as const), words, url }),
);
const inlines = fc.array(inline, { minLength: 1, maxLength: 4 });
const cell = fc.array(word, { minLength: 1, maxLength: 3 });
const codeLine = fc.array(fc.constantFrom('const', 'x', '=', '42;', 'print(x)', 'def', 'f():', 'return', 'a_b', '#', 'comment', '<div>', '1.'), {
  minLength: 1,
  maxLength: 6,
}).map((t) => t.join(' '));

export const block: fc.Arbitrary<Block> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('paragraph' as const), inlines }) },
  fc.record({ kind: fc.constant('heading' as const), level: fc.integer({ min: 1, max: 4 }), inlines }),
  fc.record({ kind: fc.constant('bullets' as const), items: fc.array(inlines, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('ordered' as const), start: fc.integer({ min: 1, max: 12 }), items: fc.array(inlines, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('tasks' as const), items: fc.array(fc.record({ done: fc.boolean(), inlines }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('code' as const), lang: fc.constantFrom('python', 'ts', 'bash', 'json', ''), lines: fc.array(codeLine, { minLength: 1, maxLength: 4 }) }),
  fc.integer({ min: 1, max: 3 }).chain((n) =>
    fc.record({
      kind: fc.constant('table' as const),
      header: fc.array(cell, { minLength: n, maxLength: n }),
      rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
    }),
  ),
  fc.record({ kind: fc.constant('quote' as const), inlines }),
);

export const document = fc.array(block, { minLength: 1, maxLength: 6 });

// ---- markdown ----

function inlineMd(i: Inline): string {
  const t = i.words.join(' ');
  switch (i.kind) {
    case 'text':
      return t;
    case 'bold':
      return `**${t}**`;
    case 'italic':
      return `*${t}*`;
    case 'code':
      return `\`${t}\``;
    case 'link':
      return `[${t}](${i.url} "${i.words[0]}")`;
  }
}
const inlinesMd = (xs: Inline[]) => xs.map(inlineMd).join(' ');

export function toMarkdown(doc: Block[]): string {
  return doc
    .map((b) => {
      switch (b.kind) {
        case 'paragraph':
          return inlinesMd(b.inlines);
        case 'heading':
          return `${'#'.repeat(b.level)} ${inlinesMd(b.inlines)}`;
        case 'bullets':
          return b.items.map((it) => `- ${inlinesMd(it)}`).join('\n');
        case 'ordered':
          return b.items.map((it, k) => `${b.start + k}. ${inlinesMd(it)}`).join('\n');
        case 'tasks':
          return b.items.map((it) => `- [${it.done ? 'x' : ' '}] ${inlinesMd(it.inlines)}`).join('\n');
        case 'code':
          return ['```' + b.lang, ...b.lines, '```'].join('\n');
        case 'table': {
          const row = (cells: string[][]) => `| ${cells.map((c) => c.join(' ')).join(' | ')} |`;
          return [row(b.header), `|${b.header.map(() => '---').join('|')}|`, ...b.rows.map(row)].join('\n');
        }
        case 'quote':
          return `> ${inlinesMd(b.inlines)}`;
      }
    })
    .join('\n\n');
}

// ---- the text a reader sees ----

const inlinesText = (xs: Inline[]) => xs.map((i) => i.words.join(' ')).join(' ');

export function toReadText(doc: Block[]): string {
  return doc
    .map((b) => {
      switch (b.kind) {
        case 'paragraph':
        case 'heading':
        case 'quote':
          return inlinesText(b.inlines);
        case 'bullets':
        case 'ordered':
          return b.items.map(inlinesText).join('\n');
        case 'tasks':
          return b.items.map((it) => inlinesText(it.inlines)).join('\n');
        case 'code':
          return b.lines.join('\n');
        case 'table':
          return [b.header, ...b.rows].map((r) => r.map((c) => c.join(' ')).join('\t')).join('\n');
      }
    })
    .join('\n\n');
}

// ---- the HTML a chat site renders (ChatGPT's shape) ----

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inlineHtml(i: Inline): string {
  const t = esc(i.words.join(' '));
  switch (i.kind) {
    case 'text':
      return t;
    case 'bold':
      return `<strong>${t}</strong>`;
    case 'italic':
      return `<em>${t}</em>`;
    case 'code':
      return `<code>${t}</code>`;
    case 'link':
      return `<a href="${esc(i.url)}" title="${esc(i.words[0]!)}" target="_blank" rel="noopener">${t}</a>`;
  }
}
const inlinesHtml = (xs: Inline[]) => xs.map(inlineHtml).join(' ');

export type Site = 'chatgpt' | 'claude' | 'gemini';

/** A code block as each site draws it: a language label and a copy button beside the code. */
function codeHtml(b: Extract<Block, { kind: 'code' }>, site: Site): string {
  const lang = esc(b.lang || 'plaintext');
  const code = `<code class="hljs language-${esc(b.lang)}">${esc(b.lines.join('\n'))}</code>`;
  switch (site) {
    case 'chatgpt':
      return `<pre><div class="contain-inline-size rounded-md"><div class="code-header flex items-center text-token-text-secondary px-4 py-2 text-xs select-none">${lang}<div class="flex"><span><button class="flex gap-1 items-center"><svg width="24" height="24"></svg>Copy code</button></span></div></div><div class="overflow-y-auto p-4" dir="ltr">${code}</div></div></pre>`;
    case 'claude':
      return `<div class="relative group/copy"><div class="code-block__header text-text-500 font-small">${lang}</div><pre class="code-block__code">${code}</pre><div class="absolute top-2 right-2"><button>Copy</button></div></div>`;
    case 'gemini':
      return `<code-block><div class="code-block-decoration header-formatted"><span>${lang}</span><div class="buttons"><button aria-label="Copy code"><mat-icon>content_copy</mat-icon></button></div></div><div class="formatted-code-block-internal-container"><pre>${code}</pre></div></code-block>`;
  }
}

/** A table; Gemini adds an export footer. */
function tableHtml(b: Extract<Block, { kind: 'table' }>, site: Site): string {
  const table = `<table><thead><tr>${b.header.map((c) => `<th>${esc(c.join(' '))}</th>`).join('')}</tr></thead><tbody>${b.rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c.join(' '))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  if (site === 'gemini') return `<div class="table-block-component">${table}<div class="table-footer"><button>Export to Sheets</button></div></div>`;
  return `<div class="_tableContainer">${table}</div>`;
}

export function toSiteHtml(doc: Block[], site: Site = 'chatgpt'): string {
  return doc
    .map((b) => {
      switch (b.kind) {
        case 'paragraph':
          return `<p>${inlinesHtml(b.inlines)}</p>`;
        case 'heading':
          return `<h${b.level}>${inlinesHtml(b.inlines)}</h${b.level}>`;
        case 'bullets':
          return `<ul>${b.items.map((it) => `<li>${inlinesHtml(it)}</li>`).join('')}</ul>`;
        case 'ordered':
          return `<ol start="${b.start}">${b.items.map((it) => `<li><p>${inlinesHtml(it)}</p></li>`).join('')}</ol>`;
        case 'tasks':
          return `<ul class="contains-task-list">${b.items
            .map((it) => `<li class="task-list-item"><input type="checkbox" disabled${it.done ? ' checked' : ''}> ${inlinesHtml(it.inlines)}</li>`)
            .join('')}</ul>`;
        case 'code':
          return codeHtml(b, site);
        case 'table':
          return tableHtml(b, site);
        case 'quote':
          return `<blockquote><p>${inlinesHtml(b.inlines)}</p></blockquote>`;
      }
    })
    .join('\n');
}
