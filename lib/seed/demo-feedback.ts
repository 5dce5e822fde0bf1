import type { PrismaClient } from "@prisma/client";
import { fbRef, type TFeedbackSeverity, type TFeedbackSource, type TFeedbackStatus, type TFeedbackType } from "../feedback/schemas";

// A week of post-launch feedback for Acme Web: every type and severity, items in each step of the flow, duplicates
// merged into their originals (votes and reporters moved), spam waiting for review, a sprint, and fixes linked to
// releases: "Search ignores accents" released in 1.3.0 (live in production), the cart focus bug fixed in 1.4.0, which
// is on staging and becomes released when 1.4.0 reaches production. The demo's release history starts at 1.2.0, so
// there is no 1.1.0 to link to. The public key is the fixed demo key the demo targets embed the widget with.

export const DEMO_FEEDBACK_KEY = "fbk_demo_acme_web";

type Seed = {
  type: TFeedbackType;
  title: string;
  body: string;
  source: TFeedbackSource;
  hoursAgo: number;
  status?: TFeedbackStatus;
  severity?: TFeedbackSeverity;
  labels?: string[];
  email?: string;
  name?: string;
  pageUrl?: string;
  /** Index (in this list) of the item this one duplicates. */
  duplicateOf?: number;
  release?: string;
  votes?: number;
  triagedAfterHours?: number;
  sprint?: boolean;
  spamReasons?: string[];
  declineReason?: string;
  comment?: string;
};

const UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const site = "https://acme.example/";

const ITEMS: Seed[] = [
  /* 0 */ { type: "bug", title: "Pay button does nothing on iPhone", body: "Tapping Pay in checkout on my iPhone (Safari) does nothing. Tried twice, the cart is still there.", source: "widget", hoursAgo: 150, status: "in_progress", severity: "high", labels: ["checkout", "mobile"], email: "dana@example.com", pageUrl: `${site}checkout`, votes: 4, triagedAfterHours: 2, sprint: true, comment: "Reproduced on iOS 18.1: the button is covered by the cookie banner's invisible layer." },
  /* 1 */ { type: "bug", title: "Can't complete checkout on mobile Safari", body: "The pay button is dead on Safari mobile, desktop works fine.", source: "form", hoursAgo: 140, duplicateOf: 0, email: "lee@example.com", triagedAfterHours: 1 },
  /* 2 */ { type: "bug", title: "checkout stuck on iphone", body: "cant pay. button doesnt react on iphone 15", source: "widget", hoursAgo: 120, duplicateOf: 0, triagedAfterHours: 3 },
  /* 3 */ { type: "bug", title: "Search ignores accents", body: "Searching for 'creme' does not find 'Crème brûlée mix'.", source: "github", hoursAgo: 160, status: "released", severity: "medium", labels: ["search"], release: "1.3.0", votes: 3, triagedAfterHours: 5, name: "octocat" },
  /* 4 */ { type: "bug", title: "Focus jumps to the top after adding to cart", body: "With a keyboard, after Add to cart the focus goes to the page top instead of the cart button.", source: "form", hoursAgo: 100, status: "fixed", severity: "medium", labels: ["a11y", "cart"], release: "1.4.0", email: "sam@example.com", votes: 2, triagedAfterHours: 4, sprint: true },
  /* 5 */ { type: "idea", title: "Dark mode for the storefront", body: "Would love a dark theme, especially for browsing at night.", source: "widget", hoursAgo: 130, status: "planned", labels: ["design"], votes: 9, triagedAfterHours: 20, sprint: true },
  /* 6 */ { type: "idea", title: "Please add a dark theme", body: "Dark theme please! The white background is blinding.", source: "form", hoursAgo: 90, duplicateOf: 5, email: "kim@example.com", triagedAfterHours: 6 },
  /* 7 */ { type: "idea", title: "Save cards for faster checkout", body: "Let me save my card so I don't type it every time.", source: "api", hoursAgo: 110, status: "accepted", labels: ["checkout"], votes: 5, triagedAfterHours: 8 },
  /* 8 */ { type: "question", title: "Do you ship to Canada?", body: "Couldn't find shipping countries anywhere on the site.", source: "form", hoursAgo: 70, status: "declined", declineReason: "Answered by support: shipping countries are listed on the help page; we added a link in the footer.", email: "alex@example.ca", triagedAfterHours: 1 },
  /* 9 */ { type: "praise", title: "Love the new instant search", body: "Results as I type are so fast. Great job!", source: "widget", hoursAgo: 65, status: "accepted", triagedAfterHours: 12, votes: 2 },
  /* 10 */ { type: "bug", title: "Order confirmation e-mail never arrives", body: "Ordered twice today, no confirmation e-mail either time (checked spam).", source: "form", hoursAgo: 48, status: "in_progress", severity: "high", labels: ["email"], email: "robin@example.com", votes: 3, triagedAfterHours: 1, sprint: true },
  /* 11 */ { type: "bug", title: "No confirmation email after ordering", body: "I paid but got no email receipt.", source: "widget", hoursAgo: 40, duplicateOf: 10, email: "jo@example.com", triagedAfterHours: 2 },
  /* 12 */ { type: "bug", title: "Prices show in USD for EU visitors", body: "I'm in Germany and the product page shows dollars; the cart then shows euros.", source: "widget", hoursAgo: 36, status: "planned", severity: "medium", labels: ["i18n"], votes: 2, triagedAfterHours: 9 },
  /* 13 */ { type: "bug", title: "Images flicker while scrolling the catalogue", body: "On Firefox the product images flash white when scrolling fast.", source: "github", hoursAgo: 30, status: "accepted", severity: "low", labels: ["catalogue"], triagedAfterHours: 14, name: "hubot-fan" },
  /* 14 */ { type: "idea", title: "Wishlist", body: "A way to save products for later without adding them to the cart.", source: "discord", hoursAgo: 28, status: "accepted", votes: 6, triagedAfterHours: 10, name: "mira" },
  /* 15 */ { type: "question", title: "How do I change my delivery address after ordering?", body: "I made a typo in my street name.", source: "form", hoursAgo: 26, email: "pat@example.com" },
  /* 16 */ { type: "bug", title: "Cart total rounds 0.1 cents wrong", body: "3 × 9.99 shows 29.96 in the mini cart, 29.97 at checkout.", source: "api", hoursAgo: 22, severity: "medium", labels: ["cart"] },
  /* 17 */ { type: "bug", title: "Login link in the reset e-mail expired immediately", body: "Clicked the reset link within a minute and it said expired.", source: "widget", hoursAgo: 20, severity: "high", email: "chris@example.com" },
  /* 18 */ { type: "idea", title: "Show delivery date before checkout", body: "I want to know when it arrives before I pay.", source: "widget", hoursAgo: 18 },
  /* 19 */ { type: "praise", title: "Checkout is so much faster now", body: "Whatever you changed, paying takes seconds now. Thanks!", source: "form", hoursAgo: 16 },
  /* 20 */ { type: "bug", title: "Status page link 404s from the footer", body: "Footer → Status goes to a not found page.", source: "widget", hoursAgo: 12, severity: "low", pageUrl: `${site}about` },
  /* 21 */ { type: "bug", title: "Filters reset when going back", body: "I set size and colour filters, open a product, press back, and the filters are gone.", source: "form", hoursAgo: 10, email: "noor@example.com" },
  /* 22 */ { type: "question", title: "Is there an API for orders?", body: "We'd like to sync orders into our ERP.", source: "discord", hoursAgo: 8, name: "erp-dev" },
  /* 23 */ { type: "idea", title: "Apple Pay", body: "Apple Pay would make mobile checkout one tap.", source: "widget", hoursAgo: 6, votes: 1 },
  /* 24 */ { type: "bug", title: "Search results empty for 'crème'", body: "Typing crème with the accent returns nothing.", source: "form", hoursAgo: 5 },
  /* 25 */ { type: "bug", title: "Newsletter checkbox is pre-ticked", body: "The sign-up form ticks the newsletter box by default, which isn't allowed here.", source: "widget", hoursAgo: 3, severity: "high", labels: ["legal"] },
  /* 26 */ { type: "bug", title: "Product zoom doesn't close with Escape", body: "Keyboard users get stuck in the zoom overlay.", source: "form", hoursAgo: 2, labels: ["a11y"] },
  /* 27 */ { type: "idea", title: "Gift wrapping option", body: "Would pay extra for gift wrap at checkout.", source: "widget", hoursAgo: 1 },
  /* 28 */ { type: "bug", title: "BUY CHEAP WATCHES http://spam.example http://spam.example/2 http://spam.example/3 http://spam.example/4", body: "best prices http://spam.example", source: "form", hoursAgo: 4, status: "spam", spamReasons: ["links"] },
  /* 29 */ { type: "praise", title: "Great site", body: "Great site, visit mine", source: "widget", hoursAgo: 7, status: "spam", spamReasons: ["honeypot"] },
];

const HOUR = 3_600_000;

/** Idempotent: a project that has feedback keeps it. */
export async function seedDemoFeedback(db: PrismaClient, projectId: string, users: Record<string, string>) {
  await db.feedbackSettings.upsert({
    where: { projectId },
    create: { projectId, publicKey: DEMO_FEEDBACK_KEY, boardPublic: true },
    update: { publicKey: DEMO_FEEDBACK_KEY },
  });
  if (await db.feedbackItem.count({ where: { projectId } })) return;
  const now = Date.now();
  const releases = new Map((await db.release.findMany({ where: { projectId }, select: { id: true, version: true } })).map((r) => [r.version, r.id]));
  const sprint = await db.feedbackSprint.create({ data: { projectId, name: "Launch week fixes", startsAt: new Date(now - 6 * 24 * HOUR), endsAt: new Date(now + 8 * 24 * HOUR) } });
  const ids: string[] = [];
  await db.$transaction(async (tx) => {
    for (const [i, s] of ITEMS.entries()) {
      const createdAt = new Date(now - s.hoursAgo * HOUR);
      const status: TFeedbackStatus = s.duplicateOf !== undefined ? "duplicate" : (s.status ?? "new");
      const triagedAt = s.triagedAfterHours !== undefined ? new Date(createdAt.getTime() + s.triagedAfterHours * HOUR) : null;
      const releaseId = s.release ? (releases.get(s.release) ?? null) : null;
      const row = await tx.feedbackItem.create({
        data: {
          projectId,
          number: i + 1,
          type: s.type,
          title: s.title,
          body: s.body,
          status,
          severity: s.severity ?? null,
          labels: s.labels ?? [],
          source: s.source,
          reporterEmail: s.email ?? null,
          reporterName: s.name ?? null,
          pageUrl: s.pageUrl ?? (s.source === "widget" ? site : null),
          userAgent: s.source === "widget" || s.source === "form" ? UA : null,
          meta: s.source === "widget" ? { viewport: "390x844", language: "en-US", timeZone: "Europe/Berlin" } : {},
          externalUrl: s.source === "github" ? `https://github.com/acme/web/issues/${40 + i}` : null,
          externalKey: s.source === "github" ? `github:1:${9000 + i}` : null,
          spamReasons: s.spamReasons ?? [],
          declineReason: s.declineReason ?? null,
          duplicateOfId: s.duplicateOf !== undefined ? ids[s.duplicateOf] : null,
          sprintId: s.sprint ? sprint.id : null,
          fixedInReleaseId: releaseId,
          fixedAt: releaseId ? new Date(createdAt.getTime() + 30 * HOUR) : null,
          releasedAt: status === "released" ? new Date(createdAt.getTime() + 40 * HOUR) : null,
          triagedAt,
          triagedById: triagedAt ? users.member : null,
          assigneeId: s.sprint || s.status === "in_progress" ? users.member : null,
          statusChangedAt: triagedAt ?? createdAt,
          createdAt,
          updatedAt: triagedAt ?? createdAt,
        },
      });
      ids.push(row.id);
      // A duplicate's reporter and votes live on its original (as a merge leaves them).
      const home = s.duplicateOf !== undefined ? ids[s.duplicateOf] : row.id;
      if (s.email || s.name) await tx.feedbackReporter.create({ data: { itemId: home, email: s.email ?? null, name: s.name ?? null, source: s.source, createdAt } });
      for (let v = 0; v < (s.votes ?? 0); v++) await tx.feedbackVote.create({ data: { itemId: home, voterKey: `public:demo-${i}-${v}`, createdAt } });
      if (s.comment) await tx.feedbackComment.create({ data: { itemId: home, authorId: users.member, authorName: "Max Member", body: s.comment, source: "team", createdAt: new Date(createdAt.getTime() + 3 * HOUR) } });
    }
    for (const id of ids) {
      await tx.$executeRaw`UPDATE "FeedbackItem" SET "voteCount" = (SELECT count(*) FROM "FeedbackVote" WHERE "itemId" = ${id}),
                             "commentCount" = (SELECT count(*) FROM "FeedbackComment" WHERE "itemId" = ${id}) WHERE "id" = ${id}`;
    }
    await tx.feedbackSettings.update({ where: { projectId }, data: { nextNumber: ITEMS.length + 1 } });
  });
  return { items: ids.length, refs: ids.map((_, i) => fbRef(i + 1)) };
}
