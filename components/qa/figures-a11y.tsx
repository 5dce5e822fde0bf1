import { CircleAlert, Info, OctagonAlert, TriangleAlert, type LucideIcon } from "lucide-react";
import { Table } from "./figures-parts";
import { count, list, num, obj, str, type Json } from "./metrics";

const IMPACTS: { key: string; label: string; icon: LucideIcon; bar: string }[] = [
  { key: "critical", label: "Critical", icon: OctagonAlert, bar: "bg-red-700 dark:bg-red-400" },
  { key: "serious", label: "Serious", icon: CircleAlert, bar: "bg-red-500 dark:bg-red-300" },
  { key: "moderate", label: "Moderate", icon: TriangleAlert, bar: "bg-amber-600 dark:bg-amber-300" },
  { key: "minor", label: "Minor", icon: Info, bar: "bg-zinc-500 dark:bg-zinc-400" },
];

/** Violations by impact as plain CSS bars (each labelled with its word and number), and the pages audited. */
export function A11yFigures({ metrics }: { metrics: Json }) {
  const byImpact = obj(metrics.byImpact);
  const counts = IMPACTS.map((i) => ({ ...i, n: num(byImpact[i.key]) ?? 0 }));
  const max = Math.max(1, ...counts.map((c) => c.n));
  const pages = list(metrics.pages).map(obj);
  const review = num(metrics.needsReview);
  const suppressed = list(metrics.suppressed).length;
  return (
    <div className="space-y-6">
      {Object.keys(byImpact).length > 0 && (
        <div>
          <h3 className="text-base font-semibold">Violations by impact</h3>
          <ul className="mt-2 max-w-xl space-y-2">
            {counts.map(({ key, label, icon: Icon, bar, n }) => (
              <li key={key} className="grid grid-cols-[7rem_minmax(0,1fr)_3rem] items-center gap-3 text-sm">
                <span className="inline-flex items-center gap-1.5 font-medium">
                  <Icon aria-hidden="true" className="size-4" />
                  {label}
                </span>
                <span aria-hidden="true" className="h-3 rounded-sm bg-zinc-100 dark:bg-zinc-800">
                  <span className={`block h-3 rounded-sm ${bar}`} style={{ width: `${(n / max) * 100}%` }} />
                </span>
                <span className="text-right font-semibold tabular-nums">{count(n)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
            {review !== null && `${count(review)} ${review === 1 ? "check needs" : "checks need"} a person's review (listed below the findings). `}
            {suppressed > 0 && `${suppressed} suppressed by the profile's settings.`}
          </p>
        </div>
      )}
      {pages.length > 0 && (
        <div>
          <h3 className="text-base font-semibold">Pages audited</h3>
          <Table caption="Pages audited, with violations, checks needing review and passed checks" head={["Page", "Violations", "Needs review", "Passed"]} numeric={[1, 2, 3]}>
            {pages.map((p, i) => (
              <tr key={i}>
                <td className="max-w-[16rem] break-all px-3 py-2 font-mono text-xs sm:max-w-none">
                  {str(p.path) ?? str(p.url) ?? "—"}
                  {str(p.error) && <span className="mt-0.5 block font-sans text-red-700 dark:text-red-400">Not audited: {str(p.error)}</span>}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{count(num(p.violations))}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count(num(p.incomplete))}</td>
                <td className="px-3 py-2 text-right tabular-nums">{count(num(p.passes))}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </div>
  );
}
