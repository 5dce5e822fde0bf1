import { CircleCheck, CircleX } from "lucide-react";
import { Stat, StatGrid, Table } from "./figures-parts";
import { count, faultsView, ms, num, obj, percent, type Json } from "./metrics";

/** Partial network failure: what each fault did, latency through the faults against the baseline, and recovery. */
export function FaultsFigures({ metrics }: { metrics: Json }) {
  const v = faultsView(metrics);
  const rate = obj(metrics.rateLimited);
  const { beforeMs, duringMs, afterMs, addedAvgMs } = v.latency;
  return (
    <div className="space-y-6">
      <StatGrid>
        <Stat
          label="Recovered afterwards"
          value={
            v.recovered === null ? (
              "—"
            ) : (
              <span className="inline-flex items-center gap-1.5">
                {v.recovered ? <CircleCheck aria-hidden="true" className="size-6" /> : <CircleX aria-hidden="true" className="size-6" />}
                {v.recovered ? "Yes" : "No"}
              </span>
            )
          }
          note={v.recovered === null ? undefined : v.recovered ? "answered as before once the faults stopped" : "still failing a few seconds after the faults; see the findings"}
          tone={v.recovered === null ? undefined : v.recovered ? "success" : "danger"}
        />
        <Stat label="Requests through the faults" value={count(v.requests)} note={num(metrics.seed) !== null ? `seed ${num(metrics.seed)}: the same faults next time` : undefined} />
        <Stat label="Complete answers" value={count(v.clientSaw.answered)} note="what the client received whole" />
        <Stat label="No complete answer" value={count(v.clientSaw.noAnswer)} note="reset or cut off, as the faults intend" />
      </StatGrid>
      {(v.clientSaw.proxyUnreachable ?? 0) > 0 && (
        <p className="text-sm font-medium text-amber-800 dark:text-amber-300">
          The proxy could not reach the target for {count(v.clientSaw.proxyUnreachable)} {v.clientSaw.proxyUnreachable === 1 ? "request" : "requests"}: those say nothing about faults. Check the target was up and reachable during the run.
        </p>
      )}
      {v.rows.length > 0 && (
        <div>
          <h3 className="text-base font-semibold">By fault</h3>
          <Table caption="Requests by fault: what the client got and what the target answered" head={["Fault", "Requests", "Share", "What the client got", "What the target answered"]} numeric={[1, 2]}>
            {v.rows.map((r) => (
              <tr key={r.fault}>
                <td className="px-3 py-2 font-medium">{r.label}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count(r.requests)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{percent(r.share)}</td>
                <td className="px-3 py-2 text-zinc-700 dark:text-zinc-300">{r.clientGot}</td>
                <td className="px-3 py-2">
                  {r.targetAnswered.length ? (
                    <ul className="space-y-0.5">
                      {r.targetAnswered.map((a) => (
                        <li key={a.answer} className="tabular-nums">
                          {a.answer} × {count(a.count)}
                          {a.serverError && <span className="ml-2 text-xs font-semibold text-red-800 dark:text-red-300">server error</span>}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      {(beforeMs !== null || duringMs !== null || afterMs !== null) && (
        <div>
          <h3 className="text-base font-semibold">Latency, median of the answers</h3>
          <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
            {(
              [
                ["Before faults (baseline)", beforeMs],
                ["Through the faults", duringMs],
                ["After faults", afterMs],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded-md bg-zinc-50 px-2 py-1.5 dark:bg-zinc-950">
                <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
                <dd className="font-semibold tabular-nums">{ms(value)}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            {beforeMs !== null && duringMs !== null && `Through the faults the median answer took ${ms(duringMs)} against ${ms(beforeMs)} before`}
            {beforeMs !== null && duringMs !== null && addedAvgMs !== null && `; the proxy itself added about ${ms(addedAvgMs)} per request`}
            {beforeMs !== null && duringMs !== null && ". "}
            Only complete answers count: a reset connection is fast and would flatter the figure.
          </p>
        </div>
      )}
      {(num(rate.answers) ?? 0) > 0 && (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          The target rate-limited {count(num(rate.answers))} {num(rate.answers) === 1 ? "request" : "requests"} (429){num(rate.waitedMs) ? `; T-Minus waited ${count(Math.round((num(rate.waitedMs) ?? 0) / 1000))} s as asked` : ""}.
        </p>
      )}
      {v.probes.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">The {v.probes.length} requests sent in each round</summary>
          <ul className="mt-2 space-y-1 text-sm">
            {v.probes.map((p, i) => (
              <li key={i} className="break-all border-b border-zinc-100 pb-1 font-mono text-xs dark:border-zinc-800">
                {p}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
