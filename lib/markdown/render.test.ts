import { describe, expect, it } from "vitest";
import { hasMermaid, isSafeHref, mermaidSources, openPrompts, renderMarkdown } from "./render";

describe("renderMarkdown", () => {
  it("shows raw HTML as text: no tag, no attribute of it survives", () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)"> <b onclick=x>b</b>');
    expect(html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &lt;b onclick=x&gt;b&lt;/b&gt;</p>\n");
  });

  it("links only to http(s), mailto and relative addresses, however the scheme is disguised", () => {
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "\u0001javascript:x", "vbscript:x", "data:text/html,<script>x</script>", "file:///etc/passwd"]) {
      expect(isSafeHref(bad), bad).toBe(false);
      expect(renderMarkdown(`[x](<${bad}>)`), bad).not.toContain("<a");
    }
    for (const good of ["https://acme.example/a?b=c", "http://x.test", "mailto:ops@acme.test", "/projects/acme-web", "#restart", "backups"]) {
      expect(isSafeHref(good), good).toBe(true);
    }
    expect(renderMarkdown("[docs](https://acme.example)")).toBe('<p><a href="https://acme.example" rel="noopener noreferrer nofollow">docs</a></p>\n');
    expect(renderMarkdown("![pic](javascript:alert(1))")).not.toContain("<img");
  });

  it("renders tables, code and focusable code blocks (they scroll sideways)", () => {
    expect(renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |")).toContain("<td>1</td>");
    expect(renderMarkdown("```sh\nls -la\n```")).toBe('<pre tabindex="0"><code class="language-sh">ls -la\n</code></pre>\n');
    expect(renderMarkdown("    indented")).toBe('<pre tabindex="0"><code>indented\n</code></pre>\n');
  });

  it("marks template prompts and counts what is left", () => {
    expect(renderMarkdown("Call {{who is on call}} now")).toBe('<p>Call <mark class="md-prompt">To fill in: who is on call</mark> now</p>\n');
    expect(renderMarkdown("{{<img src=x onerror=alert(1)>}}")).toBe('<p><mark class="md-prompt">To fill in: &lt;img src=x onerror=alert(1)&gt;</mark></p>\n');
    expect(openPrompts("a {{one}} b {{ two }} {{}} {{multi\nline}}")).toEqual(["one", "two"]);
  });

  it("keeps mermaid sources as escaped text in a figure for the browser or the pack to draw", () => {
    const text = "Intro\n\n```mermaid\nflowchart LR\n  A[\"<b>x</b>\"] --> B\n```\n\n```js\nx\n```";
    expect(hasMermaid(text)).toBe(true);
    expect(hasMermaid("```js\nx\n```")).toBe(false);
    expect(mermaidSources(text)).toEqual(['flowchart LR\n  A["<b>x</b>"] --> B\n']);
    expect(renderMarkdown(text)).toContain(
      '<figure class="md-mermaid" data-mermaid="" tabindex="0"><pre class="md-mermaid-source" tabindex="0"><code>flowchart LR\n  A[&quot;&lt;b&gt;x&lt;/b&gt;&quot;] --&gt; B\n</code></pre></figure>',
    );
  });
});
