import { SubTabs } from "@/components/ui/sub-tabs";

// The feedback pages of a project, one tab each: the inbox, the sprint board, insights and intake settings.

export type FeedbackTab = "inbox" | "sprint" | "insights" | "settings";

export function FeedbackTabs({ projectSlug, current }: { projectSlug: string; current: FeedbackTab }) {
  const base = `/projects/${projectSlug}/feedback`;
  return (
    <SubTabs
      label="Feedback"
      current={current}
      tabs={[
        { id: "inbox", label: "Inbox", href: base },
        { id: "sprint", label: "Sprint board", href: `${base}/sprint` },
        { id: "insights", label: "Insights", href: `${base}/insights` },
        { id: "settings", label: "Intake", href: `${base}/settings` },
      ]}
    />
  );
}
