import { z } from "zod";
import { handle, type Method, type RouteDef } from "./handler";
import { lastEventIdOf } from "./request-guards";
import { requireActor, requireUser } from "../auth/context";
import { setupFirstUser } from "../auth/users";
import { ZSetup } from "../auth/schemas";
import { ZProject, ZProjectCreate, ZProjectUpdate } from "../projects/schemas";
import { createProject, deleteProject, getProject, listProjects, updateProject } from "../projects/projects";
import { ZConnectionTest, ZTarget, ZTargetCreate, ZTargetUpdate } from "../targets/schemas";
import { createTarget, deleteTarget, getTarget, listTargets, updateTarget } from "../targets/targets";
import { getConnectionTest, listConnectionTests, requestConnectionTest } from "../targets/connection-tests";
import { ZInvitation, ZInvitationAccept, ZInvitationCreate, ZMember, ZMemberUpdate } from "../members/schemas";
import { acceptInvitation, createInvitation, listInvitations, listMembers, removeMember, revokeInvitation, updateMemberRole } from "../members/members";
import { ZApiToken, ZTokenCreate, createToken, listTokens, revokeToken } from "../tokens/tokens";
import { ZAuditEntry, ZAuditQuery, exportAuditCsv, listAudit } from "../audit/query";
import { openProjectStream } from "../live/stream";
import { ZInstanceAuditQuery, listInstanceAudit } from "../audit/instance";
import { ZRelease, ZReleaseCreate, ZReleasePreview, ZReleasePreviewInput, ZReleaseUpdate } from "../releases/schemas";
import { createRelease, exportChangelog, getRelease, listReleases, previewRelease, updateRelease } from "../releases/releases";
import { ZInstanceSettings, ZInstanceSettingsUpdate } from "../settings/schemas";
import { getInstanceSettings, updateInstanceSettings } from "../settings/instance";
import { ZDeadLetter, listDeadLetters, retryDeadLetter } from "../jobs/dead-letters";
import {
  ZCancel, ZDecision, ZDeployPolicy, ZDeployment, ZDeploymentCreate, ZDeploymentDetail, ZDeploymentQuery, ZLogPage, ZLogQuery, ZReasonBody, ZReject, ZTargetDeployState,
} from "../deployments/schemas";
import {
  approvalInbox, approveDeployment, cancelDeployment, getDeployment, getDeploymentLog, getTargetDeployState, listDeployments, lockTarget,
  rejectDeployment, requestDeployment, rollbackToDeployment, unlockTarget, updateDeployPolicy,
} from "../deployments/deployments";
import { ZFreezeWindow, ZFreezeWindowCreate } from "../deployments/freeze-schemas";
import { ZChannel, ZChannelCreate, ZChannelUpdate, ZDelivery } from "../notifications/schemas";
import { createChannel, deleteChannel, listChannels, listDeliveries, sendTestNotification, updateChannel } from "../notifications/channels";
import { createFreezeWindow, deleteFreezeWindow, listFreezeWindows } from "../deployments/freeze";
import { ZCheckCreate, ZCheckUpdate } from "../monitoring/schemas";
import { ZCheck, ZIncident, ZLatency, ZOverviewRow, ZProjectHealth, ZPublicStatus, ZResult, ZUptime } from "../monitoring/api-schemas";
import { createCheck, deleteCheck, getCheck, updateCheck } from "../monitoring/checks";
import { instanceOverview, listCheckResults, monitoringOverview } from "../monitoring/overview";
import { getCheckLatency, getCheckUptime } from "../monitoring/uptime";
import { ZIncidentNote, acknowledgeIncident, addIncidentNote, getIncident, listIncidents } from "../monitoring/incidents";
import { createMaintenanceWindow, deleteMaintenanceWindow, listMaintenanceWindows } from "../monitoring/maintenance";
import { publicStatus } from "../monitoring/status-page";
import {
  ZBindingKind, ZComment, ZCommentCreate, ZDecisionView, ZEvidence, ZEvidenceCreate, ZItem, ZItemCreate, ZItemDetail, ZItemUpdate, ZLaunch, ZLaunchCreate, ZLaunchDetail,
  ZLaunchUpdate, ZExportQuery, ZSignOff, ZStageMove, ZWaive,
} from "../launch/schemas";
import { archiveLaunch, createLaunch, exportLaunch, getActiveLaunch, getLaunch, listLaunches, moveStage, updateLaunch } from "../launch/launches";
import { addComment, addEvidence, createItem, deleteEvidence, deleteItem, getItem, listBindingKinds, revokeWaiver, signOffItem, updateItem, waiveItem } from "../launch/items";
import { TEMPLATE_ROUTES } from "../launch/template-routes";
import { COCKPIT_ROUTES } from "../launch/cockpit-routes";
import { QA_ROUTES } from "../qa/routes";
import { FEEDBACK_ROUTES } from "../feedback/routes";
import { RUNBOOK_ROUTES } from "../runbooks/routes";
import { FEEDBACK_PUBLIC_ROUTES } from "../feedback/intake-routes";
import { FEEDBACK_WEBHOOK_ROUTES } from "../feedback/webhook-routes";

const P = "/projects/{projectId}";
const L = `${P}/launches/{launchId}`;
const I = `${P}/checklist-items/{itemId}`;
const LT = "Launch checklists";
const ZDeleted = z.object({ deleted: z.literal(true) });

// Every REST route in one table: the handlers, the OpenAPI document and the RBAC matrix test all read it.
export const ROUTES: RouteDef[] = [
  {
    id: "me.get", method: "GET", path: "/me", tag: "Account", summary: "The caller", auth: "authenticated", mutating: false,
    response: z.object({ type: z.enum(["user", "token", "system"]), email: z.string().optional(), name: z.string().optional(), isInstanceAdmin: z.boolean().optional(), projectId: z.string().optional(), role: z.string().optional() }),
    run: async ({ ctx }) => {
      const a = requireActor(ctx);
      if (a.type === "user") return { type: a.type, email: a.email, name: a.name, isInstanceAdmin: a.isInstanceAdmin };
      if (a.type === "token") return { type: a.type, name: a.name, projectId: a.projectId, role: a.role };
      return { type: a.type };
    },
  },
  {
    id: "setup.create", method: "POST", path: "/setup", tag: "Account", summary: "Create the first user (instance admin) of a fresh install", auth: "public", mutating: true,
    body: ZSetup, successStatus: 201, response: z.object({ id: z.string(), email: z.string(), name: z.string(), isInstanceAdmin: z.boolean() }),
    run: ({ body }) => setupFirstUser({ input: body }),
  },
  {
    id: "projects.list", method: "GET", path: "/projects", tag: "Projects", summary: "Projects the caller belongs to", auth: "authenticated", mutating: false,
    response: z.array(ZProject), run: ({ ctx }) => listProjects({ ctx }),
  },
  {
    id: "projects.create", method: "POST", path: "/projects", tag: "Projects", summary: "Create a project; the creator becomes its admin", auth: "authenticated", mutating: true,
    body: ZProjectCreate, successStatus: 201, response: ZProject,
    run: ({ ctx, body }) => { requireUser(ctx); return createProject({ ctx, input: body }); },
  },
  { id: "projects.get", method: "GET", path: P, tag: "Projects", summary: "One project", auth: "project.read", mutating: false, response: ZProject, run: ({ ctx, params }) => getProject({ ctx, input: { projectId: params.projectId } }) },
  { id: "projects.update", method: "PATCH", path: P, tag: "Projects", summary: "Rename or describe a project", auth: "project.update", mutating: true, body: ZProjectUpdate, response: ZProject, run: ({ ctx, params, body }) => updateProject({ ctx, input: { projectId: params.projectId, patch: body } }) },
  { id: "projects.delete", method: "DELETE", path: P, tag: "Projects", summary: "Delete a project and its targets", auth: "project.delete", mutating: true, response: ZDeleted, run: ({ ctx, params }) => deleteProject({ ctx, input: { projectId: params.projectId } }) },

  { id: "targets.list", method: "GET", path: `${P}/targets`, tag: "Targets", summary: "Targets of a project", auth: "target.read", mutating: false, response: z.array(ZTarget), run: ({ ctx, params }) => listTargets({ ctx, input: { projectId: params.projectId } }) },
  { id: "targets.create", method: "POST", path: `${P}/targets`, tag: "Targets", summary: "Add a target; secrets are encrypted and never returned", auth: "target.create", mutating: true, body: ZTargetCreate, successStatus: 201, response: ZTarget, run: ({ ctx, params, body }) => createTarget({ ctx, input: { projectId: params.projectId, data: body } }) },
  { id: "targets.get", method: "GET", path: `${P}/targets/{targetId}`, tag: "Targets", summary: "One target", auth: "target.read", mutating: false, response: ZTarget, run: ({ ctx, params }) => getTarget({ ctx, input: { projectId: params.projectId, targetId: params.targetId } }) },
  { id: "targets.update", method: "PATCH", path: `${P}/targets/{targetId}`, tag: "Targets", summary: "Change a target; a secret set to null is removed", auth: "target.update", mutating: true, body: ZTargetUpdate, response: ZTarget, run: ({ ctx, params, body }) => updateTarget({ ctx, input: { projectId: params.projectId, targetId: params.targetId, patch: body } }) },
  { id: "targets.delete", method: "DELETE", path: `${P}/targets/{targetId}`, tag: "Targets", summary: "Remove a target", auth: "target.delete", mutating: true, response: ZDeleted, run: ({ ctx, params }) => deleteTarget({ ctx, input: { projectId: params.projectId, targetId: params.targetId } }) },
  { id: "connectionTests.create", method: "POST", path: `${P}/targets/{targetId}/connection-tests`, tag: "Targets", summary: "Probe the target's health URL from a worker; progress arrives on the event stream", auth: "target.test", mutating: true, successStatus: 202, response: ZConnectionTest, run: ({ ctx, params }) => requestConnectionTest({ ctx, input: { projectId: params.projectId, targetId: params.targetId } }) },
  { id: "connectionTests.list", method: "GET", path: `${P}/targets/{targetId}/connection-tests`, tag: "Targets", summary: "Recent connection tests of a target", auth: "target.read", mutating: false, response: z.array(ZConnectionTest), run: ({ ctx, params }) => listConnectionTests({ ctx, input: { projectId: params.projectId, targetId: params.targetId } }) },
  { id: "connectionTests.get", method: "GET", path: `${P}/connection-tests/{connectionTestId}`, tag: "Targets", summary: "One connection test", auth: "target.read", mutating: false, response: ZConnectionTest, run: ({ ctx, params }) => getConnectionTest({ ctx, input: { projectId: params.projectId, connectionTestId: params.connectionTestId } }) },

  { id: "members.list", method: "GET", path: `${P}/members`, tag: "Members", summary: "Members and their roles", auth: "member.read", mutating: false, response: z.array(ZMember), run: ({ ctx, params }) => listMembers({ ctx, input: { projectId: params.projectId } }) },
  { id: "members.update", method: "PATCH", path: `${P}/members/{userId}`, tag: "Members", summary: "Change a member's role (a project keeps one admin)", auth: "member.update", mutating: true, body: ZMemberUpdate, response: ZMember, run: ({ ctx, params, body }) => updateMemberRole({ ctx, input: { projectId: params.projectId, userId: params.userId, patch: body } }) },
  { id: "members.remove", method: "DELETE", path: `${P}/members/{userId}`, tag: "Members", summary: "Remove a member", auth: "member.remove", mutating: true, response: ZDeleted, run: ({ ctx, params }) => removeMember({ ctx, input: { projectId: params.projectId, userId: params.userId } }) },
  { id: "invitations.list", method: "GET", path: `${P}/invitations`, tag: "Members", summary: "Invitations of a project", auth: "member.invite", mutating: false, response: z.array(ZInvitation), run: ({ ctx, params }) => listInvitations({ ctx, input: { projectId: params.projectId } }) },
  { id: "invitations.create", method: "POST", path: `${P}/invitations`, tag: "Members", summary: "Invite someone by email; the accept link is returned once", auth: "member.invite", mutating: true, body: ZInvitationCreate, successStatus: 201, response: ZInvitation, run: ({ ctx, params, body }) => createInvitation({ ctx, input: { projectId: params.projectId, data: body } }) },
  { id: "invitations.revoke", method: "DELETE", path: `${P}/invitations/{invitationId}`, tag: "Members", summary: "Revoke a pending invitation", auth: "member.invite", mutating: true, response: ZInvitation, run: ({ ctx, params }) => revokeInvitation({ ctx, input: { projectId: params.projectId, invitationId: params.invitationId } }) },
  { id: "invitations.accept", method: "POST", path: "/invitations/accept", tag: "Members", summary: "Accept an invitation (new people send name and password)", auth: "public", mutating: true, body: ZInvitationAccept, response: z.object({ projectId: z.string(), email: z.string(), role: z.string() }), run: ({ ctx, body }) => acceptInvitation({ ctx, input: body }) },

  { id: "tokens.list", method: "GET", path: `${P}/tokens`, tag: "API tokens", summary: "API tokens of a project (never the secret)", auth: "token.read", mutating: false, response: z.array(ZApiToken), run: ({ ctx, params }) => listTokens({ ctx, input: { projectId: params.projectId } }) },
  { id: "tokens.create", method: "POST", path: `${P}/tokens`, tag: "API tokens", summary: "Create a token; its secret is shown once", auth: "token.create", mutating: true, body: ZTokenCreate, successStatus: 201, response: ZApiToken, run: ({ ctx, params, body }) => createToken({ ctx, input: { projectId: params.projectId, data: body } }) },
  { id: "tokens.revoke", method: "DELETE", path: `${P}/tokens/{tokenId}`, tag: "API tokens", summary: "Revoke a token", auth: "token.revoke", mutating: true, response: ZApiToken, run: ({ ctx, params }) => revokeToken({ ctx, input: { projectId: params.projectId, tokenId: params.tokenId } }) },

  { id: "audit.list", method: "GET", path: `${P}/audit`, tag: "Audit log", summary: "Audit log, newest first, filtered and paged by cursor", auth: "audit.read", mutating: false, query: ZAuditQuery, response: z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() }), run: ({ ctx, params, query }) => listAudit({ ctx, input: { projectId: params.projectId, query } }) },
  {
    id: "audit.export", method: "GET", path: `${P}/audit/export`, tag: "Audit log", summary: "The filtered audit log as CSV", auth: "audit.read", mutating: false, query: ZAuditQuery.omit({ cursor: true, limit: true }), produces: "text/csv",
    run: async ({ ctx, params, query }) =>
      new Response(await exportAuditCsv({ ctx, input: { projectId: params.projectId, query } }), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="audit-${params.projectId}.csv"` },
      }),
  },
  {
    id: "events.stream", method: "GET", path: `${P}/events`, tag: "Live", summary: "Server-sent events of a project; resumable with Last-Event-ID", auth: "live.subscribe", mutating: false, produces: "text/event-stream",
    run: ({ ctx, params, req }) => openProjectStream({ ctx, input: { projectId: params.projectId, lastEventId: lastEventIdOf(req), signal: req.signal } }),
  },
  {
    id: "instance.settings.get", method: "GET", path: "/instance/settings", tag: "Instance", summary: "Instance settings: who may create projects and what workers may connect to (instance admins)", auth: "authenticated", mutating: false,
    response: ZInstanceSettings, run: ({ ctx }) => getInstanceSettings({ ctx }),
  },
  {
    id: "instance.settings.update", method: "PATCH", path: "/instance/settings", tag: "Instance", summary: "Change instance settings; omitted fields keep their value (instance admins)", auth: "authenticated", mutating: true,
    body: ZInstanceSettingsUpdate, response: ZInstanceSettings, run: ({ ctx, body }) => updateInstanceSettings({ ctx, input: body }),
  },

  {
    id: "releases.list", method: "GET", path: `${P}/releases`, tag: "Releases", summary: "Releases of a project, newest version first", auth: "release.read", mutating: false,
    response: z.array(ZRelease), run: ({ ctx, params }) => listReleases({ ctx, input: { projectId: params.projectId } }),
  },
  {
    id: "releases.create", method: "POST", path: `${P}/releases`, tag: "Releases",
    summary: "Create a release from its commits; T-Minus groups conventional commits into the changelog and, without a version, takes the suggested one",
    auth: "release.create", mutating: true, body: ZReleaseCreate, successStatus: 201, response: ZRelease,
    run: ({ ctx, params, body }) => createRelease({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "releases.preview", method: "POST", path: `${P}/releases/preview`, tag: "Releases", summary: "The changelog and next version a release of these commits would get, without creating it", auth: "release.create", mutating: false,
    body: ZReleasePreviewInput, response: ZReleasePreview, run: ({ ctx, params, body }) => previewRelease({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "releases.changelog", method: "GET", path: `${P}/releases/changelog.md`, tag: "Releases", summary: "The project's CHANGELOG.md (Keep a Changelog), every release newest first", auth: "release.read", mutating: false, produces: "text/markdown",
    run: async ({ ctx, params }) =>
      new Response(await exportChangelog({ ctx, input: { projectId: params.projectId } }), {
        headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": 'attachment; filename="CHANGELOG.md"' },
      }),
  },
  {
    id: "releases.get", method: "GET", path: `${P}/releases/{release}`, tag: "Releases", summary: "One release, by id or by version", auth: "release.read", mutating: false,
    response: ZRelease, run: ({ ctx, params }) => getRelease({ ctx, input: { projectId: params.projectId, release: params.release } }),
  },
  {
    id: "releases.update", method: "PATCH", path: `${P}/releases/{release}`, tag: "Releases", summary: "Correct a release's title, notes, git ref or commit; approvals given for it before are void", auth: "release.update", mutating: true,
    body: ZReleaseUpdate, response: ZRelease, run: ({ ctx, params, body }) => updateRelease({ ctx, input: { projectId: params.projectId, release: params.release, patch: body } }),
  },

  {
    id: "deployments.list", method: "GET", path: `${P}/deployments`, tag: "Deployments", summary: "Deployments of a project, newest first", auth: "deployment.read", mutating: false,
    query: ZDeploymentQuery, response: z.array(ZDeployment), run: ({ ctx, params, query }) => listDeployments({ ctx, input: { projectId: params.projectId, query } }),
  },
  {
    id: "deployments.create", method: "POST", path: `${P}/deployments`, tag: "Deployments",
    summary: "Request a deployment of a release to a target. Gates (lock, freeze window) are checked now and again before it runs; with an idempotency key a retry returns the same deployment",
    auth: "deployment.request", mutating: true, body: ZDeploymentCreate, successStatus: 201, response: ZDeployment,
    run: ({ ctx, params, body }) => requestDeployment({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "deployments.get", method: "GET", path: `${P}/deployments/{deploymentId}`, tag: "Deployments", summary: "One deployment (by id or number): steps, approvals, gates, changelog, and what the caller may do", auth: "deployment.read", mutating: false,
    response: ZDeploymentDetail, run: ({ ctx, params }) => getDeployment({ ctx, input: { projectId: params.projectId, deploymentId: params.deploymentId } }),
  },
  {
    id: "deployments.log", method: "GET", path: `${P}/deployments/{deploymentId}/log`, tag: "Deployments", summary: "Deploy log lines from line `after` on; live lines arrive on the event stream as deployment.log", auth: "deployment.read", mutating: false,
    query: ZLogQuery, response: ZLogPage,
    run: ({ ctx, params, query }) => getDeploymentLog({ ctx, input: { projectId: params.projectId, deploymentId: params.deploymentId, query } }),
  },
  {
    id: "deployments.approve", method: "POST", path: `${P}/deployments/{deploymentId}/approve`, tag: "Deployments", summary: "Approve (people only, never the requester); the last required approval starts the deployment at once", auth: "deployment.approve", mutating: true,
    body: ZDecision, response: ZDeployment, run: ({ ctx, params, body }) => approveDeployment({ ctx, input: { projectId: params.projectId, deploymentId: params.deploymentId, data: body } }),
  },
  {
    id: "deployments.reject", method: "POST", path: `${P}/deployments/{deploymentId}/reject`, tag: "Deployments", summary: "Reject with a reason; the deployment is cancelled", auth: "deployment.approve", mutating: true,
    body: ZReject, response: ZDeployment, run: ({ ctx, params, body }) => rejectDeployment({ ctx, input: { projectId: params.projectId, deploymentId: params.deploymentId, data: body } }),
  },
  {
    id: "deployments.cancel", method: "POST", path: `${P}/deployments/{deploymentId}/cancel`, tag: "Deployments", summary: "Cancel; a running deploy is stopped at the provider (or its command killed)", auth: "deployment.cancel", mutating: true,
    body: ZCancel, response: ZDeployment, run: ({ ctx, params, body }) => cancelDeployment({ ctx, input: { projectId: params.projectId, deploymentId: params.deploymentId, data: body } }),
  },
  {
    id: "deployments.rollback", method: "POST", path: `${P}/deployments/{deploymentId}/rollback`, tag: "Deployments", summary: "Roll the target back to this (succeeded) deployment; the target is locked afterwards until someone unlocks it", auth: "deployment.rollback", mutating: true,
    body: ZReasonBody, successStatus: 201, response: ZDeployment, run: ({ ctx, params, body }) => rollbackToDeployment({ ctx, input: { projectId: params.projectId, deploymentId: params.deploymentId, data: body } }),
  },
  {
    id: "targets.deployState", method: "GET", path: `${P}/targets/{targetId}/deploy-state`, tag: "Deployments", summary: "What is live on a target, what runs and waits, its lock, freeze and approval policy", auth: "deployment.read", mutating: false,
    response: ZTargetDeployState, run: ({ ctx, params }) => getTargetDeployState({ ctx, input: { projectId: params.projectId, targetId: params.targetId } }),
  },
  {
    id: "targets.lock", method: "POST", path: `${P}/targets/{targetId}/lock`, tag: "Deployments", summary: "Lock a target with a reason: no deployments until it is unlocked (admins can override)", auth: "target.lock", mutating: true,
    body: ZReasonBody, response: ZTargetDeployState, run: ({ ctx, params, body }) => lockTarget({ ctx, input: { projectId: params.projectId, targetId: params.targetId, data: body } }),
  },
  {
    id: "targets.unlock", method: "POST", path: `${P}/targets/{targetId}/unlock`, tag: "Deployments", summary: "Unlock a target, saying why", auth: "target.lock", mutating: true,
    body: ZReasonBody, response: ZTargetDeployState, run: ({ ctx, params, body }) => unlockTarget({ ctx, input: { projectId: params.projectId, targetId: params.targetId, data: body } }),
  },
  {
    id: "targets.deployPolicy", method: "PATCH", path: `${P}/targets/{targetId}/deploy-policy`, tag: "Deployments", summary: "Approvals (how many, which roles, expiry), queue policy, health verification and automatic rollback of a target", auth: "target.update", mutating: true,
    body: ZDeployPolicy.partial(), response: ZTargetDeployState, run: ({ ctx, params, body }) => updateDeployPolicy({ ctx, input: { projectId: params.projectId, targetId: params.targetId, data: body } }),
  },
  {
    id: "approvals.inbox", method: "GET", path: "/approvals", tag: "Deployments", summary: "Deployments waiting for the signed-in person's approval, across their projects", auth: "authenticated", mutating: false,
    response: z.array(ZDeployment.extend({ project: z.object({ id: z.string(), slug: z.string(), name: z.string() }) })), run: ({ ctx }) => approvalInbox({ ctx }),
  },
  {
    id: "freezeWindows.list", method: "GET", path: `${P}/freeze-windows`, tag: "Deployments", summary: "Freeze windows of a project; with targetId, those that hold that target back (its own and project-wide)", auth: "deployment.read", mutating: false,
    query: z.object({ targetId: z.string().trim().min(1).max(200).optional() }).strict(), response: z.array(ZFreezeWindow),
    run: ({ ctx, params, query }) => listFreezeWindows({ ctx, input: { projectId: params.projectId, targetId: query.targetId } }),
  },
  {
    id: "freezeWindows.create", method: "POST", path: `${P}/freeze-windows`, tag: "Deployments", summary: "Add a one-off or weekly freeze window; deployments wait while it is open unless an admin overrides it with a reason", auth: "freeze.manage", mutating: true,
    body: ZFreezeWindowCreate, successStatus: 201, response: ZFreezeWindow,
    run: ({ ctx, params, body }) => createFreezeWindow({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "freezeWindows.delete", method: "DELETE", path: `${P}/freeze-windows/{freezeWindowId}`, tag: "Deployments", summary: "Remove a freeze window", auth: "freeze.manage", mutating: true,
    response: ZDeleted, run: ({ ctx, params }) => deleteFreezeWindow({ ctx, input: { projectId: params.projectId, freezeWindowId: params.freezeWindowId } }),
  },

  { id: "channels.list", method: "GET", path: `${P}/notification-channels`, tag: "Notifications", summary: "Notification channels of a project; webhook URLs are never returned", auth: "notification.manage", mutating: false, response: z.array(ZChannel), run: ({ ctx, params }) => listChannels({ ctx, input: { projectId: params.projectId } }) },
  { id: "channels.create", method: "POST", path: `${P}/notification-channels`, tag: "Notifications", summary: "Add a Slack, Discord or JSON webhook channel; the URL is encrypted and only its origin shown", auth: "notification.manage", mutating: true, body: ZChannelCreate, successStatus: 201, response: ZChannel, run: ({ ctx, params, body }) => createChannel({ ctx, input: { projectId: params.projectId, data: body } }) },
  { id: "channels.update", method: "PATCH", path: `${P}/notification-channels/{channelId}`, tag: "Notifications", summary: "Change a channel; an omitted url keeps the stored one", auth: "notification.manage", mutating: true, body: ZChannelUpdate, response: ZChannel, run: ({ ctx, params, body }) => updateChannel({ ctx, input: { projectId: params.projectId, channelId: params.channelId, patch: body } }) },
  { id: "channels.delete", method: "DELETE", path: `${P}/notification-channels/{channelId}`, tag: "Notifications", summary: "Remove a channel and its delivery history", auth: "notification.manage", mutating: true, response: ZDeleted, run: ({ ctx, params }) => deleteChannel({ ctx, input: { projectId: params.projectId, channelId: params.channelId } }) },
  { id: "channels.test", method: "POST", path: `${P}/notification-channels/{channelId}/test`, tag: "Notifications", summary: "Queue a test notification to this channel", auth: "notification.manage", mutating: true, successStatus: 202, response: ZDelivery, run: ({ ctx, params }) => sendTestNotification({ ctx, input: { projectId: params.projectId, channelId: params.channelId } }) },
  { id: "channels.deliveries", method: "GET", path: `${P}/notification-channels/{channelId}/deliveries`, tag: "Notifications", summary: "The channel's 50 most recent deliveries", auth: "notification.manage", mutating: false, response: z.array(ZDelivery), run: ({ ctx, params }) => listDeliveries({ ctx, input: { projectId: params.projectId, channelId: params.channelId } }) },

  {
    id: "checks.list", method: "GET", path: `${P}/checks`, tag: "Monitoring", summary: "Every uptime check of a project with its state, last and next run, 24-hour uptime and latency sparkline; failing first", auth: "check.read", mutating: false,
    query: z.object({ q: z.string().max(200).optional().describe("search check and target names") }).strict(), response: z.array(ZOverviewRow),
    run: ({ ctx, params, query }) => monitoringOverview({ ctx, input: { projectId: params.projectId, query } }),
  },
  {
    id: "checks.create", method: "POST", path: `${P}/checks`, tag: "Monitoring", summary: "Add an HTTP(S), TLS-certificate or TCP check; secret headers are encrypted and never returned", auth: "check.manage", mutating: true,
    body: ZCheckCreate, successStatus: 201, response: ZCheck, run: ({ ctx, params, body }) => createCheck({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  { id: "checks.get", method: "GET", path: `${P}/checks/{checkId}`, tag: "Monitoring", summary: "One check", auth: "check.read", mutating: false, response: ZCheck, run: ({ ctx, params }) => getCheck({ ctx, input: { projectId: params.projectId, checkId: params.checkId } }) },
  {
    id: "checks.update", method: "PATCH", path: `${P}/checks/{checkId}`, tag: "Monitoring", summary: "Change a check; enabled: false pauses it (paused time counts as unknown, not down)", auth: "check.manage", mutating: true,
    body: ZCheckUpdate, response: ZCheck, run: ({ ctx, params, body }) => updateCheck({ ctx, input: { projectId: params.projectId, checkId: params.checkId, patch: body } }),
  },
  { id: "checks.delete", method: "DELETE", path: `${P}/checks/{checkId}`, tag: "Monitoring", summary: "Delete a check with its results and incidents", auth: "check.manage", mutating: true, response: ZDeleted, run: ({ ctx, params }) => deleteCheck({ ctx, input: { projectId: params.projectId, checkId: params.checkId } }) },
  {
    id: "checks.results", method: "GET", path: `${P}/checks/{checkId}/results`, tag: "Monitoring", summary: "Raw results of a check, newest first (kept 30 days by default)", auth: "check.read", mutating: false,
    query: z.object({ from: z.string().optional(), to: z.string().optional(), limit: z.string().optional().describe("1 to 5000, default 100") }).strict(), response: z.array(ZResult),
    run: ({ ctx, params, query }) => listCheckResults({ ctx, input: { projectId: params.projectId, checkId: params.checkId, query } }),
  },
  {
    id: "checks.uptime", method: "GET", path: `${P}/checks/{checkId}/uptime`, tag: "Monitoring", summary: "Uptime by time over 24 h, 7, 30 and 90 days with latency p50/p95/p99, and 90 daily bars", auth: "check.read", mutating: false,
    response: ZUptime, run: ({ ctx, params }) => getCheckUptime({ ctx, input: { projectId: params.projectId, checkId: params.checkId } }),
  },
  {
    id: "checks.latency", method: "GET", path: `${P}/checks/{checkId}/latency`, tag: "Monitoring", summary: "Latency chart points (p50, p95, average, time down) for a window", auth: "check.read", mutating: false,
    query: z.object({ window: z.enum(["24h", "7d", "30d", "90d"]).optional() }).strict(), response: ZLatency,
    run: ({ ctx, params, query }) => getCheckLatency({ ctx, input: { projectId: params.projectId, checkId: params.checkId, query } }),
  },
  {
    id: "incidents.list", method: "GET", path: `${P}/incidents`, tag: "Monitoring", summary: "Incidents, open first then newest", auth: "check.read", mutating: false,
    query: z.object({ status: z.enum(["open", "resolved"]).optional(), checkId: z.string().optional(), targetId: z.string().optional(), limit: z.string().optional() }).strict(), response: z.array(ZIncident),
    run: ({ ctx, params, query }) => listIncidents({ ctx, input: { projectId: params.projectId, query } }),
  },
  { id: "incidents.get", method: "GET", path: `${P}/incidents/{incidentId}`, tag: "Monitoring", summary: "An incident with its timeline", auth: "check.read", mutating: false, response: ZIncident, run: ({ ctx, params }) => getIncident({ ctx, input: { projectId: params.projectId, incidentId: params.incidentId } }) },
  {
    id: "incidents.acknowledge", method: "POST", path: `${P}/incidents/{incidentId}/acknowledge`, tag: "Monitoring", summary: "Say someone is on it: stops reminders and tells the project's channels", auth: "incident.respond", mutating: true,
    response: ZIncident, run: ({ ctx, params }) => acknowledgeIncident({ ctx, input: { projectId: params.projectId, incidentId: params.incidentId } }),
  },
  {
    id: "incidents.note", method: "POST", path: `${P}/incidents/{incidentId}/notes`, tag: "Monitoring", summary: "Add a note to the timeline; public: true also posts it on the status page", auth: "incident.respond", mutating: true,
    body: ZIncidentNote, successStatus: 201, response: ZIncident, run: ({ ctx, params, body }) => addIncidentNote({ ctx, input: { projectId: params.projectId, incidentId: params.incidentId, data: body } }),
  },
  {
    id: "maintenance.list", method: "GET", path: `${P}/maintenance-windows`, tag: "Monitoring", summary: "Maintenance windows: results inside count as maintenance and alerts are held", auth: "check.read", mutating: false,
    response: z.array(ZFreezeWindow), run: ({ ctx, params }) => listMaintenanceWindows({ ctx, input: { projectId: params.projectId } }),
  },
  {
    id: "maintenance.create", method: "POST", path: `${P}/maintenance-windows`, tag: "Monitoring", summary: "Add a one-off or weekly maintenance window (with a time zone), for the project or one target", auth: "maintenance.manage", mutating: true,
    body: ZFreezeWindowCreate, successStatus: 201, response: ZFreezeWindow, run: ({ ctx, params, body }) => createMaintenanceWindow({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "maintenance.delete", method: "DELETE", path: `${P}/maintenance-windows/{maintenanceWindowId}`, tag: "Monitoring", summary: "Remove a maintenance window", auth: "maintenance.manage", mutating: true,
    response: ZDeleted, run: ({ ctx, params }) => deleteMaintenanceWindow({ ctx, input: { projectId: params.projectId, maintenanceWindowId: params.maintenanceWindowId } }),
  },
  {
    id: "instance.health", method: "GET", path: "/instance/health", tag: "Monitoring", summary: "Every project's health at a glance, worst first (instance admins)", auth: "authenticated", mutating: false,
    response: z.array(ZProjectHealth), run: ({ ctx }) => instanceOverview({ ctx }),
  },
  {
    id: "status.get", method: "GET", path: "/status/{slug}", tag: "Monitoring", summary: "A project's public status: opted-in targets by name, 90-day bars, recent incidents and public updates; cacheable", auth: "public", mutating: false,
    response: ZPublicStatus,
    run: async ({ params }) => Response.json(await publicStatus(params.slug), { headers: { "cache-control": "public, max-age=15, s-maxage=30, stale-while-revalidate=60" } }),
  },


  { id: "launches.list", method: "GET", path: `${P}/launches`, tag: LT, summary: "Launches of a project, newest first, each with its readiness", auth: "launch.read", mutating: false, response: z.array(ZLaunch), run: ({ ctx, params }) => listLaunches({ ctx, input: { projectId: params.projectId } }) },
  {
    id: "launches.create", method: "POST", path: `${P}/launches`, tag: LT, summary: "Start a launch, from the built-in Phase 5 template, a project template or empty; one launch is active at a time", auth: "launch.manage", mutating: true,
    body: ZLaunchCreate, successStatus: 201, response: ZLaunchDetail, run: ({ ctx, params, body }) => createLaunch({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "launches.active", method: "GET", path: `${P}/launches/active`, tag: LT, summary: "The active launch with its checklist, readiness and decisions (null when none)", auth: "launch.read", mutating: false,
    response: z.object({ launch: ZLaunchDetail.nullable() }), run: async ({ ctx, params }) => ({ launch: await getActiveLaunch({ ctx, input: { projectId: params.projectId } }) }),
  },
  { id: "launches.get", method: "GET", path: L, tag: LT, summary: "One launch with its checklist, readiness and decisions", auth: "launch.read", mutating: false, response: ZLaunchDetail, run: ({ ctx, params }) => getLaunch({ ctx, input: { projectId: params.projectId, launchId: params.launchId } }) },
  { id: "launches.update", method: "PATCH", path: L, tag: LT, summary: "Rename a launch or set its target date", auth: "launch.manage", mutating: true, body: ZLaunchUpdate, response: ZLaunch, run: ({ ctx, params, body }) => updateLaunch({ ctx, input: { projectId: params.projectId, launchId: params.launchId, patch: body } }) },
  { id: "launches.archive", method: "POST", path: `${L}/archive`, tag: LT, summary: "Archive a launch (its checklist becomes read-only; the production gate no longer reads it)", auth: "launch.manage", mutating: true, response: ZLaunch, run: ({ ctx, params }) => archiveLaunch({ ctx, input: { projectId: params.projectId, launchId: params.launchId } }) },
  {
    id: "launches.stage", method: "POST", path: `${L}/stage`, tag: LT, summary: "Move a launch to another stage: a go/no-go decision recorded with the readiness at that moment; 409 while no-go unless an admin overrides with a reason", auth: "launch.decide", mutating: true,
    body: ZStageMove, successStatus: 201, response: ZDecisionView, run: ({ ctx, params, body }) => moveStage({ ctx, input: { projectId: params.projectId, launchId: params.launchId, data: body } }),
  },
  {
    id: "launches.export", method: "GET", path: `${L}/export`, tag: LT, summary: "The checklist as Markdown (format=markdown) or CSV (format=csv)", auth: "launch.read", mutating: false,
    query: ZExportQuery, produces: "text/markdown",
    run: async ({ ctx, params, query }) => {
      const { format, text } = await exportLaunch({ ctx, input: { projectId: params.projectId, launchId: params.launchId, query } });
      const csv = format === "csv";
      return new Response(text, { headers: { "content-type": `${csv ? "text/csv" : "text/markdown"}; charset=utf-8`, "content-disposition": `attachment; filename="launch-checklist.${csv ? "csv" : "md"}"` } });
    },
  },
  { id: "launches.items.create", method: "POST", path: `${L}/items`, tag: LT, summary: "Add an item to a launch's checklist (optionally automated with a binding)", auth: "launch.manage", mutating: true, body: ZItemCreate, successStatus: 201, response: ZItem, run: ({ ctx, params, body }) => createItem({ ctx, input: { projectId: params.projectId, launchId: params.launchId, data: body } }) },
  { id: "items.get", method: "GET", path: I, tag: LT, summary: "One checklist item with its evidence, comments and activity", auth: "launch.read", mutating: false, response: ZItemDetail, run: ({ ctx, params }) => getItem({ ctx, input: { projectId: params.projectId, itemId: params.itemId } }) },
  {
    id: "items.update", method: "PATCH", path: I, tag: LT, summary: "Change an item: status, assignee and due date (members); title, section, blocking, sign-off rules and binding (approvers and admins)", auth: "checklist.work", mutating: true,
    body: ZItemUpdate, response: ZItem, run: ({ ctx, params, body }) => updateItem({ ctx, input: { projectId: params.projectId, itemId: params.itemId, patch: body } }),
  },
  { id: "items.delete", method: "DELETE", path: I, tag: LT, summary: "Remove an item from its checklist", auth: "launch.manage", mutating: true, response: ZDeleted, run: ({ ctx, params }) => deleteItem({ ctx, input: { projectId: params.projectId, itemId: params.itemId } }) },
  { id: "items.signOff", method: "POST", path: `${I}/sign-off`, tag: LT, summary: "Sign off a done item (approvers; not on an item you own); renews an expiring sign-off", auth: "checklist.signoff", mutating: true, body: ZSignOff, response: ZItem, run: ({ ctx, params, body }) => signOffItem({ ctx, input: { projectId: params.projectId, itemId: params.itemId, data: body } }) },
  { id: "items.waive", method: "POST", path: `${I}/waiver`, tag: LT, summary: "Waive an item with a reason and an expiry (approvers; not on an item you own)", auth: "checklist.signoff", mutating: true, body: ZWaive, response: ZItem, run: ({ ctx, params, body }) => waiveItem({ ctx, input: { projectId: params.projectId, itemId: params.itemId, data: body } }) },
  { id: "items.unwaive", method: "DELETE", path: `${I}/waiver`, tag: LT, summary: "Revoke a waiver", auth: "checklist.signoff", mutating: true, response: ZItem, run: ({ ctx, params }) => revokeWaiver({ ctx, input: { projectId: params.projectId, itemId: params.itemId } }) },
  { id: "items.evidence.add", method: "POST", path: `${I}/evidence`, tag: LT, summary: "Attach evidence: a link or a note", auth: "checklist.work", mutating: true, body: ZEvidenceCreate, successStatus: 201, response: ZEvidence, run: ({ ctx, params, body }) => addEvidence({ ctx, input: { projectId: params.projectId, itemId: params.itemId, data: body } }) },
  { id: "items.evidence.delete", method: "DELETE", path: `${I}/evidence/{evidenceId}`, tag: LT, summary: "Remove evidence a person attached (T-Minus's own stays)", auth: "checklist.work", mutating: true, response: ZDeleted, run: ({ ctx, params }) => deleteEvidence({ ctx, input: { projectId: params.projectId, itemId: params.itemId, evidenceId: params.evidenceId } }) },
  { id: "items.comments.add", method: "POST", path: `${I}/comments`, tag: LT, summary: "Comment on an item; @mentions notify the project's channels", auth: "checklist.work", mutating: true, body: ZCommentCreate, successStatus: 201, response: ZComment, run: ({ ctx, params, body }) => addComment({ ctx, input: { projectId: params.projectId, itemId: params.itemId, data: body } }) },
  { id: "launchBindings.list", method: "GET", path: `${P}/launch-bindings`, tag: LT, summary: "The facts an automated item can watch, with their parameters", auth: "launch.read", mutating: false, response: z.array(ZBindingKind), run: ({ ctx, params }) => listBindingKinds({ ctx, input: { projectId: params.projectId } }) },
  ...TEMPLATE_ROUTES,
  ...COCKPIT_ROUTES,
  ...QA_ROUTES,
  ...FEEDBACK_ROUTES,
  ...FEEDBACK_PUBLIC_ROUTES,
  ...FEEDBACK_WEBHOOK_ROUTES,
  ...RUNBOOK_ROUTES,

  {
    id: "instance.audit", method: "GET", path: "/instance/audit", tag: "Instance", summary: "The instance's own events, newest first: sign-ins, lockouts, GitHub links, settings changes (instance admins)", auth: "authenticated", mutating: false,
    query: ZInstanceAuditQuery, response: z.object({ items: z.array(ZAuditEntry), nextCursor: z.string().nullable() }),
    run: ({ ctx, query }) => listInstanceAudit({ ctx, input: { query } }),
  },
  // Instance-wide: the verbs refuse anyone but an instance admin (403), so the route table only asks for a signed-in caller.
  {
    id: "outbox.deadLetters", method: "GET", path: "/instance/outbox", tag: "Instance", summary: "Jobs that never reached the queue (dead letters), newest first", auth: "authenticated", mutating: false,
    response: z.array(ZDeadLetter), run: ({ ctx }) => listDeadLetters({ ctx }),
  },
  {
    id: "outbox.retry", method: "POST", path: "/instance/outbox/{id}/retry", tag: "Instance", summary: "Put a dead letter back in the outbox and relay it", auth: "authenticated", mutating: true,
    response: ZDeadLetter, run: ({ ctx, params }) => retryDeadLetter({ ctx, input: { id: params.id } }),
  },
];

/** `export const { GET, POST } = routeHandlers("/projects")` in an app/api/v1 route file. */
export function routeHandlers(path: string) {
  const handlers: Partial<Record<Method, ReturnType<typeof handle>>> = {};
  for (const route of ROUTES.filter((r) => r.path === path)) handlers[route.method] = handle(route);
  if (!Object.keys(handlers).length) throw new Error(`No API routes registered for ${path}`);
  return handlers;
}
