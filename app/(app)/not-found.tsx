import { NotFoundPage } from "@/components/shell/status-page";

export const metadata = { title: "Page not found" };

/** Inside the app shell (an unknown project, say): the header is already there, so only the message. */
export default function AppNotFound() {
  return (
    <NotFoundPage bare>
      <p>The project or page may have been removed or renamed, or you may not be a member of it. Ask its admin for an invitation if you should see it.</p>
    </NotFoundPage>
  );
}
