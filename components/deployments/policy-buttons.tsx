"use client";

import { useRouter } from "next/navigation";
import { Settings2 } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { TDeployPolicy } from "@/lib/queries/deployments";
import { DialogLoading } from "./dialog-loading";

const PolicyForm = lazy(() => import("./policy-form").then((m) => ({ default: m.PolicyForm })));

export function EditPolicyButton({ projectId, target, policy }: { projectId: string; target: { id: string; name: string }; policy: TDeployPolicy }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} aria-haspopup="dialog">
        <Settings2 aria-hidden="true" className="size-4" />
        Edit policy
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Approval policy of ${target.name}`} description="Changing it voids approvals already given for deployments that have not started." wide>
        <Suspense fallback={<DialogLoading />}>
          <PolicyForm
            projectId={projectId}
            target={target}
            policy={policy}
            onDone={(saved) => {
              setOpen(false);
              if (saved) router.refresh();
            }}
          />
        </Suspense>
      </Dialog>
    </>
  );
}
