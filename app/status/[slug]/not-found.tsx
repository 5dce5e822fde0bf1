import { StatusPage } from "@/components/shell/status-page";

export const metadata = { title: "Status page not found" };

/** For visitors, who have no account: no way into the app, just what the address means and whom to ask. */
export default function StatusNotFound() {
  return (
    <StatusPage code="404" title="No status page here" actions={null}>
      <p>There is no public status page at this address. Check the link, or ask the team that runs the service for the right one.</p>
    </StatusPage>
  );
}
