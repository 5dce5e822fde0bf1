import { NotFoundPage } from "@/components/shell/status-page";

export const metadata = { title: "Page not found" };

/** A non-member or an unknown project: the same words as inside the app shell, in the full-page frame. */
export default function WarRoomNotFound() {
  return (
    <NotFoundPage>
      <p>The project or page may have been removed or renamed, or you may not be a member of it. Ask its admin for an invitation if you should see it.</p>
    </NotFoundPage>
  );
}
