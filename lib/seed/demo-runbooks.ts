import type { PrismaClient } from "@prisma/client";
import { RUNBOOK_TEMPLATES } from "../runbooks/templates";

// Acme Web's runbooks and roadmap: the maintenance SOP filled in and reviewed (so the launch's Maintenance SOP item
// ticks itself when the launch is made), backups reviewed, on-call still with a prompt left, the architecture page
// with a Mermaid diagram whose review is overdue; a roadmap with planned work from accepted feedback, known issues
// shipping with 1.4.0 and a scalability note. Idempotent: nothing is added to a project that has runbook pages.

const day = 86_400_000;

const MAINTENANCE = `Who this is for: whoever is on call and did not build Acme Web. Every step is a command or a link.

## Services

| Service | Where it runs | Health check |
|---|---|---|
| Web (Next.js) | Vercel project \`acme-web\` | https://acme.example/api/health |
| Workers (order e-mails, search index) | Render background worker \`acme-jobs\` | Render dashboard → acme-jobs → Metrics |
| Database | Managed Postgres 15 (Render) | T-Minus uptime: "Production health" |

## Restart a service

1. Check the status page and the uptime graph in T-Minus first: is it one service or all of them?
2. Web: Vercel → acme-web → Deployments → the live one → **Redeploy** (same build, no code change).
3. Workers: \`render services restart acme-jobs\`. Jobs in flight are retried; nothing is lost.
4. Watch the uptime graph for five minutes; the check should turn healthy.

## Deploy a hotfix

1. Branch from the tag that is live now (T-Minus shows it on the production target), e.g. \`git switch -c hotfix/1.3.3 v1.3.2\`.
2. Make the smallest change, with a test. Open the pull request with "hotfix" in its title.
3. Create the release in T-Minus and request the production push; an approver approves it.
4. Out of hours, any approver may approve a hotfix; the admin on call is told.

## Roll back

1. In T-Minus, open the production target and choose **Roll back** on the previous good deployment.
2. A release that ran a migration: migrations are additive (expand, then contract a release later), so the previous release runs on the new schema. Never roll a migration back by hand.
3. Post in #acme-incidents what was rolled back and why.
`;

const BACKUPS = `## What is backed up

- Database: Render managed Postgres, daily snapshots kept 7 days, point-in-time recovery for 7 days.
- Uploads: S3 bucket \`acme-uploads\` with versioning on; lifecycle keeps old versions 30 days.

## Take a backup now

\`\`\`sh
pg_dump --format=custom --file=acme-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"
\`\`\`

## Restore

1. Restore into a **new** database first, never over the live one.
2. \`pg_restore --no-owner --dbname "$NEW_DATABASE_URL" acme-….dump\`
3. Check: \`select count(*) from orders where created_at > now() - interval '1 day'\` matches the dashboard.
4. Switch the app: set \`DATABASE_URL\` on Vercel and Render to the new database, redeploy both.

## Restore test

Last restore test: 19 November, by Ada (restore took 6 min for 2.1 GB). Repeat every quarter.
`;

const ON_CALL = `## This week

| Role | Name | How to reach |
|---|---|---|
| Primary | Max Member | +1 555 0100, @max |
| Secondary | {{name of the secondary}} | {{phone / chat}} |

## Escalate when

- The site is down for more than 10 minutes, or
- data may be lost or exposed: call Ada (admin) at once, whatever the time.
`;

const ARCHITECTURE = `\`\`\`mermaid
flowchart LR
  shoppers([Shoppers]) --> cdn[Vercel edge]
  cdn --> web[Next.js web]
  web --> db[(Postgres 15)]
  web --> redis[(Redis cache)]
  web --> queue[[Job queue]]
  queue --> jobs[Workers: e-mails, search index]
  jobs --> db
  web --> pay[Payment provider]
\`\`\`

## Parts

- **Web**: Next.js on Vercel; server-rendered catalogue, checkout through the payment provider's hosted fields.
- **Database**: Postgres 15, 2.1 GB; orders, products, customers.
- **Workers**: order confirmation e-mails, rebuilding the search index after product edits.

## Things that are not obvious

- The catalogue is cached at the edge for 60 s: a product edit shows after up to a minute.
`;

export async function seedDemoRunbooks(db: PrismaClient, projectId: string, users: Record<string, string>) {
  if (await db.runbookPage.count({ where: { projectId } })) return;
  const now = Date.now();
  const template = (key: string) => RUNBOOK_TEMPLATES.find((t) => t.key === key)!;
  const pages = [
    { key: "maintenance", body: MAINTENANCE, owner: users.admin, reviewedBy: users.approver, reviewedDaysAgo: 6 },
    { key: "backups", body: BACKUPS, owner: users.admin, reviewedBy: users.admin, reviewedDaysAgo: 7 },
    { key: "on-call", body: ON_CALL, owner: users.approver, reviewedBy: null, reviewedDaysAgo: null },
    { key: "architecture", body: ARCHITECTURE, owner: users.member, reviewedBy: users.member, reviewedDaysAgo: 120 },
  ];
  await db.$transaction(async (tx) => {
    for (const p of pages) {
      const t = template(p.key);
      const editedAt = new Date(now - ((p.reviewedDaysAgo ?? 3) + 1) * day);
      const page = await tx.runbookPage.create({
        data: {
          projectId, key: p.key, title: t.title, body: p.body, template: t.key, ownerId: p.owner, version: 2, updatedById: p.owner,
          reviewedAt: p.reviewedDaysAgo === null ? null : new Date(now - p.reviewedDaysAgo * day), reviewedById: p.reviewedBy, createdAt: new Date(editedAt.getTime() - 2 * day), updatedAt: editedAt,
        },
      });
      await tx.runbookRevision.createMany({
        data: [
          { pageId: page.id, version: 1, title: t.title, body: t.body, authorId: p.owner, createdAt: new Date(editedAt.getTime() - 2 * day) },
          { pageId: page.id, version: 2, title: t.title, body: p.body, authorId: p.owner, createdAt: editedAt },
        ],
      });
    }
    const fb = async (title: string) => tx.feedbackItem.findFirst({ where: { projectId, title }, select: { id: true } });
    const wishlist = await fb("Wishlist");
    const savedCards = await fb("Save cards for faster checkout");
    const items = [
      { kind: "planned" as const, title: "Wishlist", notes: "Six shoppers asked for it. Store per customer; show on the account page; no sharing in the first version.", owner: users.member, targetRelease: "1.5.0", feedbackItemId: wishlist?.id, status: "in_progress" as const },
      { kind: "planned" as const, title: "Save cards for faster checkout", notes: "Through the payment provider's vault only: card numbers never touch our servers.", owner: null, targetRelease: "1.6.0", feedbackItemId: savedCards?.id, status: "open" as const },
      { kind: "known_issue" as const, title: "Two 500s on /api/cart with an empty body", notes: "Found by the bad-input QA run on staging. Fix in 1.4.1 (validate before parsing).", owner: users.member, targetRelease: "1.4.1", status: "open" as const },
      { kind: "known_issue" as const, title: "Product edits take up to a minute to show", notes: "The catalogue is cached at the edge for 60 s. Purge on edit is planned with the search rework.", owner: users.admin, targetRelease: null, status: "open" as const },
      { kind: "scalability" as const, title: "Search runs in Postgres", notes: "Fine to ~50k products (p95 40 ms at 12k today). Above that, move search to a dedicated index; the worker already rebuilds it.", owner: users.admin, targetRelease: "2.1.0", status: "open" as const },
    ];
    for (const [position, item] of items.entries()) {
      await tx.roadmapItem.create({ data: { projectId, position, kind: item.kind, status: item.status, title: item.title, notes: item.notes, ownerId: item.owner, targetRelease: item.targetRelease, feedbackItemId: "feedbackItemId" in item ? (item.feedbackItemId ?? null) : null } });
    }
  });
}
