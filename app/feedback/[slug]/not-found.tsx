import { StatusPage } from "@/components/shell/status-page";

export const metadata = { title: "Feedback form not found" };

/** For visitors, who have no account: what the address means and what to do instead. */
export default function FeedbackNotFound() {
  return (
    <StatusPage code="404" title="No feedback form here" actions={null}>
      <p>
        No project has a feedback form at this address, so nothing can be sent from here. Check the link for typos, or use the feedback link on the site you
        came from; if that one brought you here, let the people who run that site know it is broken.
      </p>
    </StatusPage>
  );
}
