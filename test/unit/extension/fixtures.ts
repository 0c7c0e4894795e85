/** Markup shaped like the real sites' answers (trimmed to what the adapters rely on). */
export const CHATGPT = `
<main>
  <article data-testid="conversation-turn-1"><div data-message-author-role="user"><div class="whitespace-pre-wrap">Tell me about foxes</div></div></article>
  <article data-testid="conversation-turn-2">
    <div data-message-author-role="assistant" data-message-id="m1">
      <div class="markdown prose"><p>The quick brown fox <strong>jumps</strong> over the lazy dog.</p><p>Second paragraph.</p></div>
    </div>
    <div class="actions"><button aria-label="Copy">Copy</button></div>
  </article>
</main>`;

export const CLAUDE = `
<div data-is-streaming="false">
  <div class="font-claude-response"><div class="standard-markdown"><p>Claude says hello.</p><ol><li>one</li><li>two</li></ol></div></div>
</div>`;

export const GEMINI = `
<model-response>
  <div class="response-container"><message-content><div class="markdown"><p>Gemini answer text.</p></div></message-content></div>
</model-response>`;

export const PROTOCOL = `
<section><div data-ai-output="T3V0cHV0OjE=">Answer from an app that marks its output.</div></section>`;
