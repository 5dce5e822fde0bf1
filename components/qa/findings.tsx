"use client";

import { ExternalLink, Info } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import type { TQaFinding } from "@/lib/queries/qa";
import { Change, Severity } from "./labels";
import { list, num, obj, str } from "./metrics";

const HANDLED = new Set(["nodes", "helpUrl", "curl", "status", "pages", "pageCount"]);
const code = "break-all rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs dark:bg-zinc-800";

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => ["string", "number", "boolean"].includes(typeof x))) return v.join(", ");
  const text = JSON.stringify(v);
  return text.length > 400 ? `${text.slice(0, 399)}…` : text;
}

/** What an engine attached to a finding: elements and snippets, the curl command, the pages it is on, and the rest. */
function Detail({ detail }: { detail: Record<string, unknown> }) {
  const nodes = list(detail.nodes).map(obj);
  const helpUrl = str(detail.helpUrl);
  const curl = str(detail.curl);
  const status = num(detail.status) ?? str(detail.status);
  const pages = list(detail.pages).map(str).filter((p): p is string => p !== null);
  const pageCount = num(detail.pageCount) ?? pages.length;
  const rest = Object.entries(detail).filter(([k]) => !HANDLED.has(k));
  return (
    <div className="mt-2 space-y-3 text-sm">
      {nodes.length > 0 && (
        <div>
          <p className="font-medium">Elements ({nodes.length})</p>
          <ul className="mt-1 space-y-2">
            {nodes.map((n, i) => (
              <li key={i} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
                {str(n.selector) && <p className={code}>{str(n.selector)}</p>}
                {str(n.snippet) && <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-zinc-950 p-2 font-mono text-xs text-zinc-100">{str(n.snippet)}</pre>}
                {str(n.failureSummary) && <p className="mt-1 whitespace-pre-wrap text-zinc-700 dark:text-zinc-300">{str(n.failureSummary)}</p>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {curl && (
        <div>
          <p className="font-medium">Reproduce with curl</p>
          <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-zinc-950 p-2 font-mono text-xs text-zinc-100">{curl}</pre>
          <div className="mt-2">
            <CopyButton value={curl} label="Copy the curl command" />
          </div>
        </div>
      )}
      {(status !== null || pages.length > 0) && (
        <div>
          {status !== null && (
            <p>
              <span className="font-medium">Status:</span> <span className="tabular-nums">{status}</span>
            </p>
          )}
          {pages.length > 0 && (
            <>
              <p className="font-medium">
                On {pageCount} {pageCount === 1 ? "page" : "pages"}
                {pageCount > pages.length ? ` (the first ${pages.length} listed)` : ""}:
              </p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {pages.map((p) => (
                  <li key={p} className="break-all font-mono text-xs">
                    {p}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {helpUrl && /^https?:\/\//.test(helpUrl) && (
        <p>
          <a href={helpUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            How to fix it
            <ExternalLink aria-hidden="true" className="size-3.5" />
            <span className="sr-only">(opens in a new tab)</span>
          </a>
        </p>
      )}
      {rest.length > 0 && (
        <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
          {rest.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-semibold text-zinc-600 dark:text-zinc-400">{k}</dt>
              <dd className="min-w-0 break-words font-mono">{value(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function FindingItem({ f, showChange }: { f: TQaFinding; showChange?: boolean }) {
  const hasDetail = Object.keys(f.detail ?? {}).length > 0;
  return (
    <li data-testid="qa-finding" data-change={f.change} className="min-w-0 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <Severity severity={f.severity} />
        {showChange && <Change change={f.change} />}
        {!f.gating && !f.needsReview && (
          <span className="inline-flex items-center gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
            <Info aria-hidden="true" className="size-3.5" />
            warning, does not fail the run
          </span>
        )}
        <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{f.rule}</span>
      </div>
      <p className="mt-1 break-words font-medium">{f.title}</p>
      {f.location && <p className="mt-0.5 break-all font-mono text-xs text-zinc-700 dark:text-zinc-300">{f.location}</p>}
      {f.advice && <p className="mt-1 break-words text-sm text-zinc-700 dark:text-zinc-300">{f.advice}</p>}
      {hasDetail && (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">Details</summary>
          <Detail detail={f.detail} />
        </details>
      )}
    </li>
  );
}

const CHANGES: TQaFinding["change"][] = ["new", "persisting", "fixed"];
const EMPTY: Record<TQaFinding["change"], string> = { new: "Nothing new since the previous run.", persisting: "Nothing carried over.", fixed: "Nothing was fixed." };

/** Findings grouped New, Still there, Fixed; the ones a person must judge (needsReview) are listed apart by the page. */
export function FindingGroups({ findings }: { findings: TQaFinding[] }) {
  return (
    <div className="space-y-5">
      {CHANGES.map((change) => {
        const group = findings.filter((f) => f.change === change);
        return (
          <section key={change} aria-labelledby={`findings-${change}`}>
            <h3 id={`findings-${change}`} className="flex items-center gap-2 text-base font-semibold">
              <Change change={change} />
              <span className="tabular-nums text-zinc-700 dark:text-zinc-300">
                {group.length} {group.length === 1 ? "finding" : "findings"}
              </span>
            </h3>
            {group.length ? (
              <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {group.map((f) => (
                  <FindingItem key={f.id} f={f} />
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{EMPTY[change]}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function ReviewList({ findings }: { findings: TQaFinding[] }) {
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {findings.map((f) => (
        <FindingItem key={f.id} f={f} showChange />
      ))}
    </ul>
  );
}
