import { FaultsFigures } from "./figures-fuzz-faults";
import { Stat, StatGrid, Table } from "./figures-parts";
import { count, list, num, obj, str, type Json } from "./metrics";

/**
 * Operations tested, cases sent and the answers they got, as far as the engine reported them; a partial network
 * failure run (mode "faults") has figures of its own.
 */
export function FuzzFigures({ metrics }: { metrics: Json }) {
  if (metrics.mode === "faults") return <FaultsFigures metrics={metrics} />;
  const operations = obj(metrics.operations);
  const tested = list(operations.tested).map(obj);
  const skipped = list(operations.skipped).map(obj);
  const cases = obj(metrics.cases);
  const byCategory = Object.entries(obj(cases.byCategory ?? metrics.byRule ?? metrics.byCategory)).filter(([, v]) => num(v) !== null);
  const statuses = Object.entries(obj(metrics.statuses)).filter(([, v]) => num(v) !== null);
  const doc = obj(metrics.document);
  const rate = obj(metrics.rateLimited);
  const stopped = str(metrics.stoppedBecause);
  return (
    <div className="space-y-6">
      {stopped && <p className="text-sm font-medium text-amber-800 dark:text-amber-300">Stopped early: {stopped}</p>}
      <StatGrid>
        <Stat label="Operations tested" value={count(tested.length || num(operations.tested))} note={num(operations.total) !== null ? `of ${count(num(operations.total))} in the document` : undefined} />
        <Stat label="Cases sent" value={count(num(cases.sent))} note={num(cases.planned) !== null ? `of ${count(num(cases.planned))} planned` : undefined} />
        <Stat label="No answer" value={count(num(metrics.noAnswer))} note="timeouts, resets, refused" tone={num(metrics.noAnswer) ? "danger" : undefined} />
        <Stat label="Rate limited" value={count(num(rate.answers))} note={num(rate.waitedMs) ? `waited ${count(Math.round((num(rate.waitedMs) ?? 0) / 1000))} s` : "429 answers"} />
      </StatGrid>
      {(str(doc.title) || str(doc.openapi)) && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Read {str(doc.title) ? <span className="font-medium">{str(doc.title)}</span> : "the document"}
          {str(doc.openapi) && ` (OpenAPI ${str(doc.openapi)})`}
          {str(doc.source) && (
            <>
              {" "}
              from <span className="break-all font-mono text-xs">{str(doc.source)}</span>
            </>
          )}
          {num(metrics.seed) !== null && `; seed ${num(metrics.seed)}, so the same cases come again next time`}.
        </p>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        {byCategory.length > 0 && (
          <div>
            <h3 className="text-base font-semibold">Cases by kind</h3>
            <Table caption="Cases sent by kind of input" head={["Kind of input", "Cases"]} numeric={[1]}>
              {byCategory.map(([k, v]) => (
                <tr key={k}>
                  <td className="break-all px-3 py-2 font-mono text-xs">{k}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(num(v))}</td>
                </tr>
              ))}
            </Table>
          </div>
        )}
        {statuses.length > 0 && (
          <div>
            <h3 className="text-base font-semibold">Answers by status</h3>
            <Table caption="Answers by HTTP status" head={["Status", "Answers"]} numeric={[1]}>
              {statuses.map(([k, v]) => (
                <tr key={k}>
                  <td className="px-3 py-2 tabular-nums">
                    {k}
                    {Number(k) >= 500 && <span className="ml-2 text-xs font-semibold text-red-800 dark:text-red-300">server error</span>}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(num(v))}</td>
                </tr>
              ))}
            </Table>
          </div>
        )}
      </div>
      {tested.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
            The {tested.length} operations tested{skipped.length ? ` and ${skipped.length} skipped` : ""}
          </summary>
          <ul className="mt-2 space-y-1 text-sm">
            {tested.map((t, i) => (
              <li key={i} className="flex flex-wrap justify-between gap-2 border-b border-zinc-100 pb-1 dark:border-zinc-800">
                <span className="break-all font-mono text-xs">{str(t.operation) ?? "—"}</span>
                <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
                  {count(num(t.cases))} cases{t.secured === true ? " · needs auth" : ""}
                </span>
              </li>
            ))}
            {skipped.map((t, i) => (
              <li key={`s${i}`} className="flex flex-wrap justify-between gap-2 border-b border-zinc-100 pb-1 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <span className="break-all font-mono text-xs">{str(t.operation) ?? str(t.id) ?? "—"}</span>
                <span>skipped{str(t.reason) ? `: ${str(t.reason)}` : ""}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
