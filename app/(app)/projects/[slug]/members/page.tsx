import { PageHeader } from "@/components/ui/card";
import { MemberList } from "@/components/members/member-list";
import { InvitationList, InviteButton } from "@/components/members/invitations";
import { listInvitations, listMembers } from "@/lib/members/members";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Members");

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  const manage = can("member.invite");
  const [members, invitations] = await Promise.all([
    listMembers({ ctx, input: { projectId: project.id } }),
    manage ? listInvitations({ ctx, input: { projectId: project.id } }) : Promise.resolve(null),
  ]);
  const userId = ctx.actor?.type === "user" ? ctx.actor.userId : "";
  return (
    <>
      <PageHeader
        title="Members"
        description={manage ? "Invite people, change roles and remove access." : "The people on this project and their roles. Only admins change them."}
        actions={manage ? <InviteButton projectId={project.id} /> : undefined}
      />
      <div className="space-y-8">
        <MemberList projectId={project.id} initial={members} canManage={can("member.update")} currentUserId={userId} />
        {invitations && <InvitationList projectId={project.id} initial={invitations} />}
      </div>
    </>
  );
}
