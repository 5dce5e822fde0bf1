import { db } from "../db";
import { env } from "../env";
import { notifyInTx } from "../notifications/notify";
import { relayAfterCommit } from "../jobs/enqueue";
import { enqueueLaunchRefresh } from "../launch/refresh-queue";
import { emailConfigured } from "../notifications/smtp-config";
import { sendEmail } from "../notifications/smtp";
import { escapeHtml } from "../notifications/email-format";
import { networkPolicy } from "../settings/instance";
import { log } from "../observability/log";
import { FEEDBACK_STATUS_LABELS, FEEDBACK_TYPE_LABELS, fbRef, type TFeedbackStatus } from "./schemas";

// What the worker does after feedback is stored or changes: tell the project's channels, tell reporters.

const appUrl = (path: string) => `${env.NEXTAUTH_URL.replace(/\/+$/, "")}${path}`;
export const feedbackPath = (projectId: string, itemId: string) => `/projects/${projectId}/feedback/${itemId}`;
// A burst (a launch-day flood, an import) is one message, not one per item.
const ONE_BY_ONE = 5;

/** New items of one intake batch: critical ones one by one as feedback.critical, the rest as feedback.received. */
export async function announceReceived(itemIds: string[]): Promise<{ notified: number }> {
  const items = await db.feedbackItem.findMany({
    where: { id: { in: itemIds }, status: { not: "spam" } },
    select: { id: true, projectId: true, number: true, type: true, title: true, body: true, severity: true, source: true, project: { select: { name: true } } },
    orderBy: { number: "asc" },
  });
  const jobs: string[] = [];
  await db.$transaction(async (tx) => {
    // Map.groupBy is Node 21+; the engines field allows Node 20.
    const byProject = new Map<string, typeof items>();
    for (const i of items) byProject.set(i.projectId, [...(byProject.get(i.projectId) ?? []), i]);
    for (const [projectId, list] of byProject) {
      const critical = list.filter((i) => i.severity === "critical");
      // A critical report unticks the launch's "no open critical feedback" item.
      if (critical.length) jobs.push(...(await enqueueLaunchRefresh(tx, [projectId])));
      const rest = list.filter((i) => i.severity !== "critical");
      for (const i of critical)
        jobs.push(
          ...(await notifyInTx(tx, projectId, "feedback.critical", {
            title: `Critical ${FEEDBACK_TYPE_LABELS[i.type].toLowerCase()} ${fbRef(i.number)}: ${i.title}`.slice(0, 500),
            text: i.body.slice(0, 1000),
            url: appUrl(feedbackPath(projectId, i.id)),
            severity: "danger",
            fields: [{ name: "Source", value: i.source }],
          })),
        );
      if (!rest.length) continue;
      if (rest.length <= ONE_BY_ONE) {
        for (const i of rest)
          jobs.push(
            ...(await notifyInTx(tx, projectId, "feedback.received", {
              title: `New ${FEEDBACK_TYPE_LABELS[i.type].toLowerCase()} ${fbRef(i.number)}: ${i.title}`.slice(0, 500),
              text: i.body.slice(0, 1000),
              url: appUrl(feedbackPath(projectId, i.id)),
              severity: "info",
              fields: [{ name: "Source", value: i.source }, ...(i.severity ? [{ name: "Severity", value: i.severity }] : [])],
            })),
          );
      } else {
        jobs.push(
          ...(await notifyInTx(tx, projectId, "feedback.received", {
            title: `${rest.length} new feedback items for ${rest[0].project.name}`,
            text: rest.slice(0, 10).map((i) => `${fbRef(i.number)} ${i.title}`).join("\n") + (rest.length > 10 ? `\n… and ${rest.length - 10} more` : ""),
            url: appUrl(`/projects/${projectId}/feedback`),
            severity: "info",
          })),
        );
      }
    }
  });
  if (jobs.length) await relayAfterCommit(jobs).catch((error) => log.warn("feedback.relay_failed", { error: (error as Error).message }));
  return { notified: jobs.length };
}

/** Tells the people who reported an item (and left an address) that its status changed. Without SMTP: nothing to do. */
export async function mailReporters(itemId: string, status: string): Promise<{ sent: number; skipped?: string }> {
  if (!emailConfigured()) return { sent: 0, skipped: "SMTP is not configured" };
  const item = await db.feedbackItem.findUnique({
    where: { id: itemId },
    select: { id: true, number: true, title: true, status: true, declineReason: true, reporterEmail: true, reporters: { select: { email: true } }, fixedInRelease: { select: { version: true } }, project: { select: { name: true, slug: true } } },
  });
  if (!item) return { sent: 0, skipped: "the item no longer exists" };
  const to = [...new Set([item.reporterEmail, ...item.reporters.map((r) => r.email)].filter((e): e is string => Boolean(e)))];
  if (!to.length) return { sent: 0, skipped: "no reporter left an e-mail address" };
  const label = FEEDBACK_STATUS_LABELS[status as TFeedbackStatus] ?? status;
  const ref = fbRef(item.number);
  const lines = [
    `Your feedback "${item.title}" (${ref}) to ${item.project.name} is now: ${label}.`,
    ...(status === "declined" && item.declineReason ? [`Why: ${item.declineReason}`] : []),
    ...(item.fixedInRelease && (status === "fixed" || status === "released") ? [`Fixed in ${item.fixedInRelease.version}.`] : []),
    "",
    "Thank you for telling us. You get this message because you left your address with the report.",
  ];
  const text = lines.join("\n");
  const outcome = await sendEmail({
    to,
    body: { subject: `${ref} is ${label.toLowerCase()}: ${item.title}`.slice(0, 200), text, html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("") },
    deliveryId: `feedback-${item.id}-${status}`,
    event: "feedback.status",
    policy: await networkPolicy(),
  });
  if (!outcome.ok) {
    if (outcome.retry) throw new Error(outcome.error);
    log.warn("feedback.mail_failed", { itemId, error: outcome.error });
    return { sent: 0, skipped: outcome.error };
  }
  return { sent: to.length };
}
