/**
 * Markdown answers made from the seeded outputs' sentences (so the trace finds their sources), in three layouts
 * that between them use headings, ordered and bulleted lists, task lists, bold and italic, links, code blocks with a
 * language, tables and quotes; each rendered as ChatGPT, Claude and Gemini draw it (test/unit/trace/markdown-docs.ts).
 */
import type { Block, Inline } from '../../unit/trace/markdown-docs';

const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
const wordsOf = (s: string) => s.split(/\s+/).filter(Boolean);
const plain = (s: string): Inline => ({ kind: 'text', words: wordsOf(s) });

/** A sentence with a bold phrase and a link in it. */
function dressed(s: string): Inline[] {
  const w = wordsOf(s);
  if (w.length < 6) return [plain(s)];
  return [
    { kind: 'text', words: w.slice(0, 2) },
    { kind: 'bold', words: w.slice(2, 4) },
    { kind: 'text', words: w.slice(4, -2) },
    { kind: 'link', words: w.slice(-2), url: 'https://example.com/source_notes?id=7' },
  ];
}

export function answerDocument(text: string, layout: number): Block[] {
  const s = sentencesOf(text);
  const at = (i: number) => s[i % s.length]!;
  const rest = s.slice(3);
  const code: Block = { kind: 'code', lang: ['python', 'ts', 'bash'][layout % 3]!, lines: [`# ${wordsOf(at(0)).slice(0, 3).join(' ')}`, 'print("done")'] };
  switch (layout % 3) {
    case 0:
      return [
        { kind: 'heading', level: 2, inlines: [plain(`1. ${wordsOf(at(0)).slice(0, 4).join(' ')}`)] },
        { kind: 'paragraph', inlines: dressed(at(0)) },
        { kind: 'ordered', start: 1, items: [at(1), at(2), ...rest].map((x) => [plain(x)]) },
        code,
      ];
    case 1:
      return [
        { kind: 'paragraph', inlines: [plain(at(0))] },
        { kind: 'bullets', items: [at(1), at(2)].map((x) => dressed(x)) },
        { kind: 'table', header: [['Point'], ['Detail']], rows: [[['first'], wordsOf(at(1)).slice(0, 3)], [['second'], wordsOf(at(2)).slice(0, 3)]] },
        ...rest.map((x): Block => ({ kind: 'paragraph', inlines: [plain(x)] })),
        code,
      ];
    default:
      return [
        { kind: 'quote', inlines: [plain(at(0))] },
        code,
        { kind: 'tasks', items: [at(1), at(2)].map((x, i) => ({ done: i === 0, inlines: [{ kind: 'italic', words: wordsOf(x) } as Inline] })) },
        ...rest.map((x): Block => ({ kind: 'paragraph', inlines: dressed(x) })),
      ];
  }
}
