import { SubTabs } from "@/components/ui/sub-tabs";

// The handoff area of a project: what a team writes down for whoever keeps the product running after launch.

export type HandoffTab = "pack" | "runbooks" | "roadmap";

export function HandoffTabs({ projectSlug, current }: { projectSlug: string; current: HandoffTab }) {
  const base = `/projects/${projectSlug}`;
  return (
    <SubTabs
      label="Handoff"
      current={current}
      tabs={[
        { id: "pack", label: "Handoff pack", href: `${base}/handoff` },
        { id: "runbooks", label: "Runbooks", href: `${base}/runbooks` },
        { id: "roadmap", label: "Roadmap", href: `${base}/roadmap` },
      ]}
    />
  );
}
