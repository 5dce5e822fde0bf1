"use client";

import { Rocket } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { isProduction } from "@/components/ui/environment-badge";
import type { TRelease } from "@/lib/queries/releases";
import { DialogLoading } from "./dialog-loading";

const DeployForm = lazy(() => import("./deploy-form").then((m) => ({ default: m.DeployForm })));

type Target = { id: string; name: string; environment: string };
export function DeployButton(props: { projectId: string; projectSlug: string; target: Target; releases: TRelease[]; liveVersion: string | null; canOverride: boolean; approvalsRequired: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-haspopup="dialog" variant={isProduction(props.target.environment) ? "production" : "primary"}>
        <Rocket aria-hidden="true" className="size-4" />
        Deploy a release
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Deploy to ${props.target.name}`} description={props.liveVersion ? <>Live now: <span className="font-mono">{props.liveVersion}</span></> : "Nothing is live on this target yet."} wide>
        <Suspense fallback={<DialogLoading />}>
          <DeployForm {...props} onClose={() => setOpen(false)} />
        </Suspense>
      </Dialog>
    </>
  );
}
