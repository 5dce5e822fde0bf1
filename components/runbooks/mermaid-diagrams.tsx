"use client";

import { useEffect, useRef, useState } from "react";

// Draws the ```mermaid blocks of a rendered Markdown page. Mermaid is a large library: it is imported here, on demand,
// so it becomes a chunk of its own that only pages with a diagram fetch (the rest keep their JavaScript budget). It is
// bundled with the app, so diagrams render with no network access beyond T-Minus itself.
// securityLevel "strict" keeps labels as text (no HTML, no click handlers) and mermaid passes its SVG through DOMPurify.

export function MermaidDiagrams({ containerId }: { containerId: string }) {
  // Rendered only where the page has a diagram, so it starts out drawing.
  const [state, setState] = useState<"loading" | "done">("loading");
  const ran = useRef(false);
  useEffect(() => {
    if (ran.current) return;
    ran.current = true;
    const figures = [...document.querySelectorAll<HTMLElement>(`#${CSS.escape(containerId)} figure[data-mermaid]`)];
    let cancelled = false;
    void (async () => {
      if (!figures.length) return setState("done");
      const { default: mermaid } = await import("mermaid");
      const dark = document.documentElement.classList.contains("dark");
      // htmlLabels off: labels are SVG text, so nothing a label says can become an HTML element (DOMPurify would strip
      // handlers from one, but an <img> in a label would still be an element and a request).
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "neutral", fontFamily: "inherit", htmlLabels: false, flowchart: { htmlLabels: false } });
      for (const [i, figure] of figures.entries()) {
        const source = figure.querySelector("code")?.textContent ?? "";
        const pre = figure.querySelector("pre");
        try {
          const { svg } = await mermaid.render(`mermaid-${containerId}-${i}`, source);
          if (cancelled) return;
          const holder = document.createElement("div");
          holder.setAttribute("role", "img");
          holder.setAttribute("aria-label", `Diagram: ${describe(source)}`);
          holder.innerHTML = svg;
          figure.prepend(holder);
          // The source stays reachable (and is what a screen reader can read in full), folded under the picture.
          if (pre) {
            const details = document.createElement("details");
            const summary = document.createElement("summary");
            summary.textContent = "Diagram source";
            summary.className = "mt-2 cursor-pointer text-xs text-zinc-600 dark:text-zinc-400";
            details.append(summary);
            pre.replaceWith(details);
            details.append(pre);
          }
        } catch (error) {
          const note = document.createElement("p");
          note.className = "mb-2 text-sm font-medium text-red-700 dark:text-red-400";
          note.textContent = `This diagram could not be drawn: ${error instanceof Error ? error.message.split("\n")[0] : "syntax error"}. Fix the Mermaid text (shown below) in the editor.`;
          figure.prepend(note);
        }
      }
      if (!cancelled) setState("done");
    })();
    return () => {
      cancelled = true;
    };
  }, [containerId]);
  return state === "loading" ? (
    <p role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
      Drawing diagrams…
    </p>
  ) : null;
}

/** "flowchart: Visitors, CDN, Web app…": the kind of diagram and the names in it, for the picture's label. */
function describe(source: string): string {
  const lines = source.split("\n").map((l) => l.trim()).filter(Boolean);
  const kind = lines[0]?.split(/\s+/)[0] ?? "diagram";
  const names = [...new Set([...source.matchAll(/[[(]{1,2}([^\])]{1,40})[\])]{1,2}/g)].map((m) => m[1].replace(/^[([]+/, "").trim()))].slice(0, 8);
  return names.length ? `${kind} of ${names.join(", ")}` : kind;
}
