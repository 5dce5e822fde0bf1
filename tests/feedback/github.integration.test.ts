import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import examples from "@octokit/webhooks-examples";
import { db } from "@/lib/db";
import { ensureFeedbackSettings } from "@/lib/feedback/intake";
import { CLOSED_NOT_PLANNED, DELETED_ON_GITHUB, encryptGithubSecret } from "@/lib/feedback/github";
import { FEEDBACK_WEBHOOK_ROUTES } from "@/lib/feedback/webhook-routes";
import { LIMITS } from "@/lib/feedback/schemas";
import { discardJobsSince, invoke } from "@/tests/helpers/api-world";
import { uid } from "@/tests/helpers/fixtures";

// GitHub's own example payloads (@octokit/webhooks-examples, the payloads GitHub documents), signed the way GitHub
// signs them and replayed through the real route handler. Where a test needs a state the examples do not hold (a
// later updated_at, another title, a close), it copies an example and changes those fields, and says so.

const route = FEEDBACK_WEBHOOK_ROUTES.find((r) => r.id === "feedback.hooks.github")!;

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
// The feedback.received jobs of items made here go: no worker in a later file should announce them.
afterAll(() => discardJobsSince(startedAt));

type Payload = Record<string, any>;

/** A copy of one of GitHub's examples of an event (and action), so a test may change it. */
function example(name: string, action?: string, pick: (e: Payload) => boolean = () => true): Payload {
  const def = examples.find((d) => d.name === name);
  const found = (def?.examples as Payload[] | undefined)?.find((e) => (action === undefined || e.action === action) && pick(e));
  if (!found) throw new Error(`No example of ${name}${action ? `.${action}` : ""}`);
  return structuredClone(found);
}
// GitHub's first "opened" example (others describe an issue that arrived by transfer).
const opened = () => example("issues", "opened", (e) => !e.changes);
/** The package has no "closed" example: it is the opened one closed, as GitHub sends it (state, state_reason, a later updated_at). */
function closed(reason: "completed" | "not_planned", updatedAt = "2019-05-15T16:00:00Z", e = opened()) {
  e.action = "closed";
  Object.assign(e.issue, { state: "closed", state_reason: reason, closed_at: updatedAt, updated_at: updatedAt });
  return e;
}
const at = (e: Payload, updatedAt: string) => ((e.issue.updated_at = updatedAt), e);
/**
 * GitHub's comment example under a comment id of the test's own, so tests never share a comment (keys are
 * github:<project>:comment:<id>).
 */
let nextCommentId = 1_000_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
const commentExample = (action: string, commentId: number) => {
  const e = example("issue_comment", action);
  e.comment.id = commentId;
  e.comment.html_url = `https://github.com/Codertocat/Hello-World/issues/1#issuecomment-${commentId}`;
  return e;
};

const sign = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(Buffer.from(body, "utf8")).digest("hex")}`;

async function hookedProject() {
  const project = await db.project.create({ data: { name: `GitHub ${uid()}`, slug: `gh-${uid()}` } });
  const secret = randomBytes(24).toString("hex");
  await ensureFeedbackSettings(project.id);
  await db.feedbackSettings.update({ where: { projectId: project.id }, data: { githubSecretEncrypted: encryptGithubSecret(project.id, secret) } });
  return { project, secret };
}

type SendOptions = { signature?: string | null; secret?: string; deliveryId?: string | null; headers?: Record<string, string>; ref?: string };

/** POST as GitHub does: the event and delivery headers, the body signed with the secret (unless told otherwise). */
function sendAs(hooked: { project: { id: string; slug: string }; secret: string }) {
  return (event: string, payload: Payload | string, opts: SendOptions = {}) => {
    const body = typeof payload === "string" ? payload : JSON.stringify(payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/044aadd",
      "x-github-event": event,
      "x-github-hook-id": "292430182",
    };
    const deliveryId = opts.deliveryId === undefined ? randomUUID() : opts.deliveryId;
    if (deliveryId !== null) headers["x-github-delivery"] = deliveryId;
    const signature = opts.signature === undefined ? sign(opts.secret ?? hooked.secret, body) : opts.signature;
    if (signature !== null) headers["x-hub-signature-256"] = signature;
    return invoke(route, { params: { project: opts.ref ?? hooked.project.slug }, rawBody: body, headers: { ...headers, ...opts.headers } });
  };
}

const items = (projectId: string) => db.feedbackItem.findMany({ where: { projectId }, orderBy: { number: "asc" }, include: { comments: true, reporters: true } });
const itemOf = async (projectId: string) => {
  const list = await items(projectId);
  expect(list).toHaveLength(1);
  return list[0];
};
const deliveries = (projectId: string) => db.webhookDelivery.count({ where: { projectId } });
const KEY = "github:186853002:444500041"; // the examples' repository.id and issue.id

describe("GitHub webhook: signatures", () => {
  it("stores nothing for a forged, missing, malformed or other-body signature, or another project's secret (401 invalid_signature)", async () => {
    const hooked = await hookedProject();
    const other = await hookedProject();
    const send = sendAs(hooked);
    const body = JSON.stringify(opened());
    const cases: Array<[string, SendOptions, Payload | string]> = [
      ["forged with a guessed secret", { secret: "guessed-secret-guessed-secret" }, body],
      ["signed with another project's secret", { secret: other.secret }, body],
      ["no signature header", { signature: null }, body],
      ["a sha1 signature only", { signature: `sha1=${createHmac("sha1", hooked.secret).update(body).digest("hex")}` }, body],
      ["malformed hex", { signature: "sha256=not-hex" }, body],
      ["signature of another body", { signature: sign(hooked.secret, body) }, body.replace("Spelling error", "Spelling errors")],
    ];
    for (const [name, opts, payload] of cases) {
      const res = await send("issues", payload, opts);
      expect(res.status, name).toBe(401);
      expect(res.json.error.code, name).toBe("invalid_signature");
      expect(res.json.error.message, name).toMatch(/X-Hub-Signature-256/);
    }
    expect(await items(hooked.project.id)).toEqual([]);
    expect(await deliveries(hooked.project.id)).toBe(0);

    // The real signature is then taken: the refusals above were about the signature alone.
    const ok = await send("issues", body);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, ref: "FB-1", created: true });
  });

  it("answers 404 with the same sentence for an unknown project and for one without a GitHub secret", async () => {
    const hooked = await hookedProject();
    const bare = await db.project.create({ data: { name: `Bare ${uid()}`, slug: `bare-${uid()}` } });
    const send = sendAs(hooked);
    const unknown = await send("issues", opened(), { ref: `nope-${uid()}` });
    const noSecret = await send("issues", opened(), { ref: bare.slug });
    expect(unknown.status).toBe(404);
    expect(noSecret.status).toBe(404);
    expect(unknown.json.error.message).toBe("No GitHub webhook is set up at this address");
    expect(noSecret.json.error.message).toBe(unknown.json.error.message);
    // By id as well as by slug.
    expect((await send("ping", example("ping"), { ref: hooked.project.id })).json).toEqual({ ok: true });
  });
});

describe("GitHub webhook: issues", () => {
  it("stores an opened issue as a linked item, with its job, live event and audit entry", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const payload = opened();
    const res = await send("issues", payload);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ ok: true, ref: "FB-1", created: true, changed: [] });

    const item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({
      number: 1,
      source: "github",
      type: "bug", // the example carries the "bug" label
      status: "new",
      title: "Spelling error in the README file",
      body: "It looks like you accidently spelled 'commit' with two 't's.",
      labels: ["bug"],
      reporterName: "Codertocat",
      reporterEmail: null,
      externalKey: KEY,
      externalUrl: "https://github.com/Codertocat/Hello-World/issues/1",
      externalUpdatedAt: new Date("2019-05-15T15:20:18Z"),
    });
    expect(item.reporters).toMatchObject([{ name: "Codertocat", source: "github" }]);

    const job = await db.outboxJob.findFirst({ where: { name: "feedback.received", createdAt: { gte: startedAt }, payload: { path: ["itemIds"], array_contains: [item.id] } } });
    expect(job).not.toBeNull();
    const events = await db.liveEvent.findMany({ where: { projectId: hooked.project.id } });
    expect(events.map((e) => e.data)).toEqual([{ kind: "received", ids: [item.id], refs: ["FB-1"] }]);
    const audit = await db.auditLog.findMany({ where: { projectId: hooked.project.id } });
    expect(audit).toMatchObject([{ action: "feedback.github.opened", actorType: "system", actorLabel: "system:github-webhook", objectType: "feedback_item", objectId: item.id }]);
    expect(audit[0].requestId).toEqual(expect.any(String));
    expect(await deliveries(hooked.project.id)).toBe(1);
  });

  it("takes each X-GitHub-Delivery once: a redelivery changes nothing, even with another body", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const deliveryId = randomUUID();
    expect((await send("issues", opened(), { deliveryId })).json.created).toBe(true);
    const again = await send("issues", opened(), { deliveryId });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ duplicate: true });
    // A replay of the same id carrying another change is still the delivery already taken.
    const edit = at(example("issues", "edited"), "2019-05-15T17:00:00Z");
    edit.issue.title = "Replayed under a taken delivery id";
    expect((await send("issues", edit, { deliveryId })).json).toEqual({ duplicate: true });
    const item = await itemOf(hooked.project.id);
    expect(item.title).toBe("Spelling error in the README file");
    expect(await deliveries(hooked.project.id)).toBe(1);
    expect(await db.auditLog.count({ where: { projectId: hooked.project.id } })).toBe(1);

    // The same "opened" under a new delivery id (GitHub's "Redeliver" makes one) finds the item: still one.
    expect((await send("issues", opened())).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: [] });
    expect(await items(hooked.project.id)).toHaveLength(1);
  });

  it("applies edits and labels from newer deliveries and never rolls back to an older one that arrives late", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    // GitHub's edited example, edited a second time: another title and body at a later updated_at.
    const newer = at(example("issues", "edited"), "2019-05-15T16:00:00Z");
    Object.assign(newer.issue, { title: "Spelling error in the README: 'committ'", body: "Line 3 says 'committ'." });
    newer.changes = { title: { from: "Spelling error in the README file" } };
    const res = await send("issues", newer);
    expect(res.json).toEqual({ ok: true, ref: "FB-1", created: false, changed: ["title", "body"] });

    const older = at(example("issues", "edited"), "2019-05-15T15:30:00Z");
    older.issue.title = "An edit made before the one above";
    expect((await send("issues", older)).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: [], stale: true });
    const unlabeledLate = at(example("issues", "unlabeled"), "2019-05-15T15:40:00Z");
    unlabeledLate.issue.labels = [];
    expect((await send("issues", unlabeledLate)).json.stale).toBe(true);

    let item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ title: "Spelling error in the README: 'committ'", body: "Line 3 says 'committ'.", labels: ["bug"], externalUpdatedAt: new Date("2019-05-15T16:00:00Z") });

    // GitHub's labeled example with one more label, later: the labels are the issue's, and the type stays as triaged.
    const labeled = at(example("issues", "labeled"), "2019-05-15T16:30:00Z");
    Object.assign(labeled.issue, { title: newer.issue.title, body: newer.issue.body });
    labeled.issue.labels.push({ ...labeled.issue.labels[0], id: 1, name: "enhancement" });
    expect((await send("issues", labeled)).json.changed).toEqual(["labels"]);
    item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ labels: ["bug", "enhancement"], type: "bug" });

    const audit = await db.auditLog.findMany({ where: { projectId: hooked.project.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["feedback.github.opened", "feedback.github.edited", "feedback.github.labeled"]);
    expect(audit[1].before).toEqual({ title: "Spelling error in the README file" });
    expect(audit[1].after).toEqual({ ref: "FB-1", title: "Spelling error in the README: 'committ'" });
    const events = await db.liveEvent.findMany({ where: { projectId: hooked.project.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => (e.data as any).kind)).toEqual(["received", "changed", "changed"]);
  });

  it("closes as fixed or declined, reopens to accepted or new, and treats assignments as nothing to do", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    expect((await send("issues", closed("completed"))).json.changed).toEqual(["status"]);
    let item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ status: "fixed", fixedAt: expect.any(Date), triagedAt: expect.any(Date) });

    // GitHub's reopened example is later than the close (2021-10-11) and its issue has an empty body: taken too.
    const reopened = example("issues", "reopened");
    expect((await send("issues", reopened)).json.changed).toEqual(["body", "status"]);
    item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ status: "accepted", fixedAt: null }); // it was triaged on the way to fixed

    expect((await send("issues", closed("not_planned", "2021-10-12T00:00:00Z", example("issues", "reopened")))).json.changed).toEqual(["status"]);
    item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ status: "declined", declineReason: CLOSED_NOT_PLANNED });

    expect((await send("issues", example("issues", "assigned"))).json).toEqual({ ignored: "issues.assigned" });
    expect((await send("issues", example("issues", "locked"))).json).toEqual({ ignored: "issues.locked" });
    expect((await itemOf(hooked.project.id)).status).toBe("declined");

    // A new item closed as not planned was never triaged: reopening makes it new again.
    const fresh = await hookedProject();
    const sendFresh = sendAs(fresh);
    await sendFresh("issues", opened());
    await sendFresh("issues", closed("not_planned"));
    expect((await itemOf(fresh.project.id)).triagedAt).toBeNull();
    await sendFresh("issues", example("issues", "reopened"));
    expect(await itemOf(fresh.project.id)).toMatchObject({ status: "new", declineReason: null });
  });

  it("declines a deleted issue and clears its link; later deliveries about it change nothing", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    const res = await send("issues", example("issues", "deleted"));
    expect(res.json).toEqual({ ok: true, ref: "FB-1", created: false, changed: ["status", "link"] });
    const item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ status: "declined", declineReason: DELETED_ON_GITHUB, externalUrl: null, externalKey: KEY });
    expect((await send("issues", at(example("issues", "edited"), "2030-01-01T00:00:00Z"))).json).toEqual({ ignored: "issue was deleted on GitHub" });
    expect((await itemOf(hooked.project.id)).externalUrl).toBeNull();
    // Deleting an issue never taken in makes no item.
    const other = await hookedProject();
    expect((await sendAs(other)("issues", example("issues", "deleted"))).json).toEqual({ ignored: "deleted issue that was never taken in" });
    expect(await items(other.project.id)).toEqual([]);
  });

  it("follows a transferred issue to its new repository, and the new repository's opened finds the same item", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    // The issue as it was before the transfer: GitHub's transferred example describes it (repository 17273051).
    const transferred = example("issues", "transferred");
    const before = opened();
    before.issue = structuredClone(transferred.issue);
    before.repository = structuredClone(transferred.repository);
    expect((await send("issues", before)).json.created).toBe(true);
    const original = await itemOf(hooked.project.id);
    expect(original.externalKey).toBe("github:17273051:512748900");

    expect((await send("issues", transferred)).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: ["link"] });
    const moved = await itemOf(hooked.project.id);
    expect(moved).toMatchObject({ id: original.id, externalKey: KEY, externalUrl: "https://github.com/Codertocat/Hello-World/issues/1" });
    // The new repository announces the issue as opened, naming the old one: no second item.
    const openedAfterTransfer = example("issues", "opened", (e) => !!e.changes?.old_issue);
    expect((await send("issues", openedAfterTransfer)).json).toMatchObject({ ref: "FB-1", created: false });
    expect(await items(hooked.project.id)).toHaveLength(1);

    // An "opened" naming an old issue that had been taken in, before the transfer event: the item moves with it.
    const other = await hookedProject();
    const sendOther = sendAs(other);
    await sendOther("issues", before);
    expect((await sendOther("issues", openedAfterTransfer)).json).toMatchObject({ ref: "FB-1", created: false, changed: expect.arrayContaining(["link"]) });
    expect(await itemOf(other.project.id)).toMatchObject({ externalKey: KEY });
    expect((await sendOther("issues", transferred)).json).toMatchObject({ ref: "FB-1", created: false, changed: [] });
    expect(await items(other.project.id)).toHaveLength(1);
  });

  it("makes one item when deliveries about a new issue arrive together", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const labeled = at(example("issues", "labeled"), "2019-05-15T15:20:19Z");
    const comment = commentExample("created", nextCommentId++);
    const answers = await Promise.all([send("issues", opened()), send("issues", labeled), send("issue_comment", comment), send("issues", opened())]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.filter((a) => a.json.created)).toHaveLength(1);
    const item = await itemOf(hooked.project.id);
    // Whatever order they were taken in, the item is the newest view of the issue: the comment's (15:20:21), later than the label's.
    expect(item).toMatchObject({ externalKey: KEY, commentCount: 1, externalUpdatedAt: new Date("2019-05-15T15:20:21Z") });
    expect(await db.outboxJob.count({ where: { name: "feedback.received", createdAt: { gte: startedAt }, payload: { path: ["itemIds"], array_contains: [item.id] } } })).toBe(1);
  });

  it("makes the item from the payload when the first delivery about an issue is not its opening", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const edited = at(example("issues", "edited"), "2019-05-15T16:00:00Z");
    edited.issue.title = "Edited before the opened delivery arrived";
    expect((await send("issues", edited)).json).toEqual({ ok: true, ref: "FB-1", created: true, changed: [] });
    expect(await itemOf(hooked.project.id)).toMatchObject({ title: "Edited before the opened delivery arrived", externalKey: KEY, status: "new" });
    // The late opened is older than what was taken: it changes nothing.
    expect((await send("issues", opened())).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: [], stale: true });

    // A close as the first delivery makes a fixed item.
    const other = await hookedProject();
    expect((await sendAs(other)("issues", closed("completed"))).json).toEqual({ ok: true, ref: "FB-1", created: true, changed: ["status"] });
    expect(await itemOf(other.project.id)).toMatchObject({ status: "fixed", source: "github" });
  });

  it("keeps titles, bodies and labels within the item's limits and maps label names to types", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const big = opened();
    big.issue.title = "A".repeat(256); // GitHub's own maximum
    big.issue.body = "b".repeat(65_536);
    big.issue.labels = [
      { name: "enhancement" },
      { name: "needs, triage" },
      { name: "x".repeat(50) },
      ...Array.from({ length: 12 }, (_, i) => ({ name: `area-${i}` })),
    ];
    expect((await send("issues", big)).status).toBe(200);
    const item = await itemOf(hooked.project.id);
    expect(item.title).toHaveLength(LIMITS.title);
    expect(item.body).toHaveLength(LIMITS.body);
    expect(item.body).toMatch(/full text is on GitHub\)$/);
    expect(item.labels).toHaveLength(LIMITS.labels);
    expect(item.labels.slice(0, 3)).toEqual(["enhancement", "needs triage", "x".repeat(LIMITS.label)]);
    expect(item.type).toBe("idea");

    const question = opened();
    question.issue.id = 900_000_001;
    question.issue.labels = [{ name: "question" }];
    question.issue.body = null;
    question.issue.title = "How do I \u0000 export?";
    await send("issues", question);
    const [, second] = await items(hooked.project.id);
    expect(second).toMatchObject({ type: "question", body: "", title: "How do I  export?" });
  });
});

describe("GitHub webhook: comments", () => {
  it("adds, edits and removes the item's comment, counting them, and takes a repeated comment once", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    const commentId = nextCommentId++;
    const created = commentExample("created", commentId);
    expect((await send("issue_comment", created)).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: ["comment"] });
    let item = await itemOf(hooked.project.id);
    expect(item.commentCount).toBe(1);
    expect(item.comments).toMatchObject([
      { authorName: "Codertocat", body: "You are totally right! I'll get this fixed right away.", source: "github", externalKey: `github:${hooked.project.id}:comment:${commentId}`, authorId: null },
    ]);
    expect(item.comments[0].createdAt).toEqual(new Date(created.comment.created_at));

    // The same comment under another delivery id: still one.
    expect((await send("issue_comment", created)).json.changed).toEqual([]);
    expect((await itemOf(hooked.project.id)).commentCount).toBe(1);

    expect((await send("issue_comment", commentExample("edited", commentId))).json.changed).toEqual(["comment"]);
    item = await itemOf(hooked.project.id);
    expect(item.comments.map((c) => c.body)).toEqual(["You are totally right! I'll get this fixed today."]);

    expect((await send("issue_comment", commentExample("deleted", commentId))).json.changed).toEqual(["comment"]);
    item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ commentCount: 0, comments: [] });
    const actions = (await db.auditLog.findMany({ where: { projectId: hooked.project.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["feedback.github.opened", "feedback.github.comment_created", "feedback.github.comment_edited", "feedback.github.comment_deleted"]);
  });

  it("brings the item up to the issue a comment's delivery carries, so an issue event older than the comment is stale", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    expect((await send("issues", opened())).json).toMatchObject({ created: true });
    // GitHub's comment example carries the issue at 15:20:21; here it was retitled and labelled before the comment.
    const comment = commentExample("created", nextCommentId++);
    comment.issue.title = "Spelling error in the README and the docs";
    comment.issue.labels = [{ name: "bug" }, { name: "docs" }];
    expect((await send("issue_comment", comment)).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: ["title", "labels", "comment"] });
    expect(await itemOf(hooked.project.id)).toMatchObject({
      title: "Spelling error in the README and the docs",
      labels: ["bug", "docs"],
      commentCount: 1,
      externalUpdatedAt: new Date("2019-05-15T15:20:21Z"),
    });
    // The labeled delivery sent before the comment arrives late: it holds an older view and changes nothing.
    const labeled = at(example("issues", "labeled"), "2019-05-15T15:20:19Z");
    expect((await send("issues", labeled)).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: [], stale: true });
    expect(await itemOf(hooked.project.id)).toMatchObject({ title: "Spelling error in the README and the docs", labels: ["bug", "docs"] });
    const audit = await db.auditLog.findMany({ where: { projectId: hooked.project.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["feedback.github.opened", "feedback.github.updated", "feedback.github.comment_created"]);
    expect(audit[1].after).toMatchObject({ ref: "FB-1", title: "Spelling error in the README and the docs", labels: ["bug", "docs"] });
  });

  it("closes and reopens with the issue's state even when the close or reopen delivery arrives after a later one", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    // The issue was closed at 15:20:20 and commented on at 15:20:21; the comment's delivery is taken first.
    const comment = commentExample("created", nextCommentId++);
    Object.assign(comment.issue, { state: "closed", state_reason: "completed" });
    expect((await send("issue_comment", comment)).json).toEqual({ ok: true, ref: "FB-1", created: false, changed: ["status", "comment"] });
    expect(await itemOf(hooked.project.id)).toMatchObject({ status: "fixed", fixedAt: expect.any(Date), externalState: "closed" });
    expect((await send("issues", closed("completed", "2019-05-15T15:20:20Z"))).json).toMatchObject({ changed: [], stale: true });

    // Reopened at 15:30, labelled at 15:31: the label's delivery reopens the item; the late reopened is stale.
    const labeled = at(example("issues", "labeled"), "2019-05-15T15:31:00Z");
    expect((await send("issues", labeled)).json).toMatchObject({ changed: ["status"] });
    expect(await itemOf(hooked.project.id)).toMatchObject({ status: "accepted", fixedAt: null, externalState: "open" });
    const reopenedLate = at(example("issues", "reopened"), "2019-05-15T15:30:00Z");
    expect((await send("issues", reopenedLate)).json).toMatchObject({ changed: [], stale: true });
    expect((await itemOf(hooked.project.id)).status).toBe("accepted");
  });

  it("keeps a triager's status until the issue's state changes on GitHub", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    const { id } = await itemOf(hooked.project.id);
    // Marked fixed in T-Minus while the issue stays open: later deliveries showing it open do not reopen it.
    await db.feedbackItem.update({ where: { id }, data: { status: "fixed", fixedAt: new Date(), triagedAt: new Date() } });
    const labeled = at(example("issues", "labeled"), "2019-05-15T16:00:00Z");
    labeled.issue.labels.push({ ...labeled.issue.labels[0], id: 1, name: "docs" });
    expect((await send("issues", labeled)).json).toMatchObject({ changed: ["labels"] });
    expect((await itemOf(hooked.project.id)).status).toBe("fixed");
    // Closed on GitHub, then reopened there: the reopen is a change of the issue's state, so the item reopens.
    expect((await send("issues", closed("completed", "2019-05-15T16:10:00Z"))).json.changed).not.toContain("status");
    expect((await itemOf(hooked.project.id)).status).toBe("fixed");
    expect((await send("issues", at(example("issues", "reopened"), "2019-05-15T16:20:00Z"))).json.changed).toContain("status");
    expect((await itemOf(hooked.project.id)).status).toBe("accepted");
  });

  it("makes the item of an issue first seen through a comment", async () => {
    const hooked = await hookedProject();
    const commentId = nextCommentId++;
    const res = await sendAs(hooked)("issue_comment", commentExample("created", commentId));
    expect(res.json).toEqual({ ok: true, ref: "FB-1", created: true, changed: ["comment"] });
    expect(await itemOf(hooked.project.id)).toMatchObject({ externalKey: KEY, commentCount: 1, comments: [{ externalKey: `github:${hooked.project.id}:comment:${commentId}` }] });
  });

  it("gives each project its own copy of a comment when one repository is hooked to two projects", async () => {
    const first = await hookedProject();
    const second = await hookedProject();
    const commentId = nextCommentId++;
    expect((await sendAs(first)("issue_comment", commentExample("created", commentId))).json.changed).toEqual(["comment"]);
    expect((await sendAs(second)("issue_comment", commentExample("created", commentId))).json.changed).toEqual(["comment"]);
    // Deleting it on the second project's side leaves the first project's copy.
    expect((await sendAs(second)("issue_comment", commentExample("deleted", commentId))).json.changed).toEqual(["comment"]);
    expect((await itemOf(first.project.id)).commentCount).toBe(1);
    expect((await itemOf(second.project.id)).commentCount).toBe(0);
  });

  it("ignores comments on pull requests and comments written by bots", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    await send("issues", opened());
    const onPr = example("issue_comment", "created");
    onPr.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2" };
    expect((await send("issue_comment", onPr)).json).toEqual({ ignored: "pull request comment" });

    const byBot = example("issue_comment", "created");
    byBot.comment.user = { ...byBot.comment.user, login: "tminus-feedback[bot]", type: "Bot" };
    byBot.sender = byBot.comment.user;
    expect((await send("issue_comment", byBot)).json).toEqual({ ignored: "comment by a bot" });
    const byApp = example("issue_comment", "created");
    byApp.sender = { ...byApp.sender, login: "renovate[bot]", type: "User" };
    expect((await send("issue_comment", byApp)).json).toEqual({ ignored: "comment by a bot" });

    const item = await itemOf(hooked.project.id);
    expect(item).toMatchObject({ commentCount: 0, comments: [] });
    expect(await deliveries(hooked.project.id)).toBe(1);
  });
});

describe("GitHub webhook: other events and bad input", () => {
  it("answers ping, ignores other events with 202, and stores nothing for them", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const ping = await send("ping", example("ping"));
    expect(ping.status).toBe(200);
    expect(ping.json).toEqual({ ok: true });
    for (const event of ["push", "star", "pull_request"]) {
      const res = await send(event, { zen: "Keep it logically awesome." });
      expect(res.status, event).toBe(202);
      expect(res.json).toEqual({ ignored: event });
    }
    expect(await items(hooked.project.id)).toEqual([]);
    expect(await deliveries(hooked.project.id)).toBe(0);
  });

  it("names the header or field that is wrong (400), refuses form bodies (415) and bodies over 1 MB (413), storing nothing", async () => {
    const hooked = await hookedProject();
    const send = sendAs(hooked);
    const noDelivery = await send("issues", opened(), { deliveryId: null });
    expect(noDelivery.status).toBe(400);
    expect(noDelivery.json.error.issues).toEqual([{ path: "X-GitHub-Delivery", rule: "required", message: "is missing" }]);
    const noEvent = await send("issues", opened(), { headers: { "x-github-event": "" } });
    expect(noEvent.status).toBe(400);
    expect(noEvent.json.error.issues[0]).toMatchObject({ path: "X-GitHub-Event", rule: "required" });

    const broken = await send("issues", "{ not json");
    expect(broken.status).toBe(400);
    expect(broken.json.error.issues).toEqual([{ path: "body", rule: "invalid_json", message: "is not valid JSON" }]);

    const badId = opened();
    badId.issue.id = "444500041";
    const wrongType = await send("issues", badId);
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.issues).toContainEqual({ path: "issue.id", rule: "invalid_type", message: "must be a number" });
    expect(wrongType.json.error.message).toContain("issue.id");

    const noRepo = opened();
    delete noRepo.repository;
    expect((await send("issues", noRepo)).json.error.issues[0].path).toBe("repository");

    const badTransfer = example("issues", "transferred");
    delete badTransfer.changes.new_issue;
    const transfer = await send("issues", badTransfer);
    expect(transfer.status).toBe(400);
    expect(transfer.json.error.issues[0].path).toBe("changes.new_issue");

    const form = `payload=${encodeURIComponent(JSON.stringify(opened()))}`;
    const formRes = await send("issues", form, { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(formRes.status).toBe(415);
    expect(formRes.json.error.message).toMatch(/application\/json/);

    const huge = opened();
    huge.issue.body = "x".repeat(1024 * 1024);
    const tooBig = await send("issues", huge);
    expect(tooBig.status).toBe(413);

    expect(await items(hooked.project.id)).toEqual([]);
    expect(await deliveries(hooked.project.id)).toBe(0);
  });
});
