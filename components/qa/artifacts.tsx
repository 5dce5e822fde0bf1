import { Download } from "lucide-react";
import type { TQaArtifact } from "@/lib/queries/qa";

const kb = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${kb.format(n / 1024)} kB`;
  return `${kb.format(n / 1024 / 1024)} MB`;
}

/** Screenshots and reports the run kept, each with its size and a download link. */
export function ArtifactList({ artifacts }: { artifacts: TQaArtifact[] }) {
  if (!artifacts.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This run kept no files.</p>;
  return (
    <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
      {artifacts.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2">
          <span className="min-w-0 break-all font-mono text-xs">{a.name}</span>
          <span className="flex items-center gap-3">
            <span className="tabular-nums text-zinc-600 dark:text-zinc-400">
              {formatBytes(a.size)} · {a.contentType}
            </span>
            <a href={a.href} download={a.name.split("/").pop()} className="inline-flex items-center gap-1 font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
              <Download aria-hidden="true" className="size-4" />
              Download<span className="sr-only"> {a.name}</span>
            </a>
          </span>
        </li>
      ))}
    </ul>
  );
}
