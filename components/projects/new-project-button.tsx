"use client";

import { Plus } from "lucide-react";
import { DialogButton } from "@/components/ui/dialog";
import { NewProjectForm } from "./new-project-form";

export function NewProjectButton() {
  return (
    <DialogButton label="New project" title="New project" description="You become its admin, then add targets and invite your team." icon={<Plus aria-hidden="true" className="size-4" />}>
      {(close) => <NewProjectForm onCancel={close} />}
    </DialogButton>
  );
}
