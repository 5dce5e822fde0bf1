"use client";

import { useEffect, useRef, useState } from "react";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { API } from "@/lib/queries/api";

// Building a pack takes seconds (gathering every section, drawing diagrams, printing the PDF in Chromium): the button
// says what is happening and for how long, then hands the zip to the browser as a download.

type State = { kind: "idle" } | { kind: "building"; since: number } | { kind: "done"; name: string; size: number } | { kind: "failed"; message: string };

export function DownloadPack({ projectId }: { projectId: string }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [now, setNow] = useState(() => Date.now());
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (state.kind !== "building") return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [state.kind]);

  async function build() {
    const since = Date.now();
    setNow(since);
    setState({ kind: "building", since });
    try {
      const res = await fetch(`${API}/projects/${projectId}/handoff-pack`, { credentials: "same-origin" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `T-Minus answered ${res.status}`);
      }
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "handoff.zip";
      const url = URL.createObjectURL(blob);
      const a = link.current!;
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", name, size: blob.size });
    } catch (error) {
      setState({ kind: "failed", message: error instanceof Error ? error.message : "The pack could not be built" });
    }
  }

  const seconds = state.kind === "building" ? Math.max(0, Math.round((now - state.since) / 1000)) : 0;
  return (
    <div className="space-y-2">
      <Button onClick={build} busy={state.kind === "building"}>
        <Download aria-hidden="true" className="size-4" />
        {state.kind === "building" ? "Building the pack…" : "Download handoff pack (.zip)"}
      </Button>
      <a ref={link} hidden aria-hidden="true" tabIndex={-1} />
      <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
        {state.kind === "building" && `Gathering every section, drawing charts and diagrams, printing the PDF… ${seconds} s`}
        {state.kind === "done" && `Downloaded ${state.name} (${Math.max(1, Math.round(state.size / 1024))} kB).`}
      </p>
      {state.kind === "failed" && <Alert title="The pack was not built">{state.message}. Try again; if it keeps failing, the server log has the request.</Alert>}
    </div>
  );
}
