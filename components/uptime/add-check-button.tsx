"use client";

import { Plus } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import type { CheckTarget } from "./check-form";

// The dialog and its form load on the first press: they stay out of the overview's first-load JavaScript.
const AddCheckDialog = lazy(() => import("./add-check-dialog"));

export function AddCheckButton({ projectId, targets }: { projectId: string; targets: CheckTarget[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} aria-haspopup="dialog">
        <Plus aria-hidden="true" className="size-4" />
        Add check
      </Button>
      {open && (
        <Suspense fallback={null}>
          <AddCheckDialog projectId={projectId} targets={targets} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
