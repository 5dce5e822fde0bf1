"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { uptimeKeys } from "@/lib/queries/uptime";
import { CheckForm, type CheckTarget } from "./check-form";
import { everyLabel } from "./format";

/** Focuses an element React is about to render (after a refetch), trying for up to about a second. */
function focusWhenShown(selector: string, tries = 60) {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.focus();
  else if (tries > 0) requestAnimationFrame(() => focusWhenShown(selector, tries - 1));
}

/** Loaded when "Add check" is first pressed; the new row gets focus once the list has it. */
export default function AddCheckDialog({ projectId, targets, onClose }: { projectId: string; targets: CheckTarget[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return (
    <Dialog open onClose={onClose} title="Add a check" description="T-Minus runs it on schedule from the workers and opens an incident after the failures you set." wide>
      <CheckForm
        projectId={projectId}
        targets={targets}
        onCancel={onClose}
        onDone={async (c) => {
          onClose();
          toast({ message: `Added the check ${c.name}; it runs ${everyLabel(c.intervalSeconds)}, the first run now.` });
          await queryClient.invalidateQueries({ queryKey: uptimeKeys.overviews(projectId) });
          focusWhenShown(`[data-check-link="${c.id}"]`);
        }}
      />
    </Dialog>
  );
}
