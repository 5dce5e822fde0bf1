import { StatusPage } from "@/components/shell/status-page";

export const metadata = { title: "Feedback board not public" };

/** For visitors, who have no account: what the address means and what to do, no way into the app. */
export default function BoardNotFound() {
  return (
    <StatusPage code="404" title="This feedback board is not public" actions={null}>
      <p>The team has not published a feedback board at this address, or the link is mistyped. Ask them for the link to their feedback form: you can still report bugs and ideas there.</p>
    </StatusPage>
  );
}
