import MarkdownIt from "markdown-it";

// One Markdown renderer for everything users write at length (runbooks, roadmap notes, the handoff pack): CommonMark
// plus tables and strikethrough, with raw HTML off (any tag is shown as text) and links limited to http(s), mailto and
// relative addresses, so no `javascript:`/`data:` URL and no event handler can come out of it. Pages render it on the
// server; the editor's preview and the handoff pack use the same function, so all three show the same thing.
//
// Two additions:
// - ```mermaid fences become <figure data-mermaid> with the source as escaped text; components/markdown renders them as
//   diagrams in the browser (mermaid loads only on pages that have one) and the pack renders them in Chromium.
// - {{What to fill in}} marks a template prompt: shown highlighted as "To fill in: …" until someone replaces it.

const SAFE_SCHEME = /^(https?|mailto):/i;

export function isSafeHref(url: string): boolean {
  // Browsers ignore tabs/newlines and leading control characters inside a scheme ("java\tscript:"), and markdown-it
  // percent-encodes them before asking ("java%09script:"): test the address both as given and decoded.
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    /* a malformed escape: test it as given */
  }
  return [url, decoded].every((candidate) => {
    const u = candidate.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
    return /^[a-z][a-z0-9+.-]*:/i.test(u) ? SAFE_SCHEME.test(u) : true;
  });
}

const PROMPT = /\{\{([^{}\n]{1,300})\}\}/g;

function create() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = (url: string) => isSafeHref(url);
  const escape = md.utils.escapeHtml;

  md.renderer.rules.text = (tokens, idx) =>
    escape(tokens[idx].content).replace(PROMPT, (_m, what: string) => `<mark class="md-prompt">To fill in: ${what.trim()}</mark>`);

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx].attrGet("href") ?? "");
    if (/^https?:/i.test(href)) tokens[idx].attrSet("rel", "noopener noreferrer nofollow");
    return defaultLinkOpen(tokens, idx, options, env, self);
  };

  const defaultFence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase();
    if (lang === "mermaid") {
      return `<figure class="md-mermaid" data-mermaid="" tabindex="0"><pre class="md-mermaid-source" tabindex="0"><code>${escape(token.content)}</code></pre></figure>\n`;
    }
    // Code scrolls sideways when its lines are long: focusable, so keyboard users can scroll it too (WCAG 2.1.1).
    return defaultFence(tokens, idx, options, env, self).replace(/^<pre>/, '<pre tabindex="0">');
  };
  const defaultCodeBlock = md.renderer.rules.code_block!;
  md.renderer.rules.code_block = (tokens, idx, options, env, self) => defaultCodeBlock(tokens, idx, options, env, self).replace(/^<pre>/, '<pre tabindex="0">');
  return md;
}

let instance: ReturnType<typeof create> | undefined;
const md = () => (instance ??= create());

/** Markdown → HTML that is safe to put into a page as is. */
export function renderMarkdown(text: string): string {
  return md().render(text ?? "");
}

/** The sources of the ```mermaid blocks, in order. */
export function mermaidSources(text: string): string[] {
  return md()
    .parse(text ?? "", {})
    .filter((t: { type: string; info: string }) => t.type === "fence" && t.info.trim().split(/\s+/)[0]?.toLowerCase() === "mermaid")
    .map((t: { content: string }) => t.content);
}

export const hasMermaid = (text: string) => /^\s{0,3}(```|~~~)\s*mermaid\b/im.test(text ?? "");

/** Template prompts still in the text ({{…}} not yet replaced). */
export function openPrompts(text: string): string[] {
  return [...(text ?? "").matchAll(PROMPT)].map((m) => m[1].trim());
}
