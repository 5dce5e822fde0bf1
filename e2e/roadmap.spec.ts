import { expect, test, type Page } from "@playwright/test";
import { storageState, unique } from "./helpers/env";
import { pageApi } from "./helpers/page-api";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";

// The roadmap as a member works it: adds a known issue by keyboard with an owner and a target release, plans an
// accepted feedback item, moves a status on and sees each item in its section; axe passes in light and dark.
// The demo seed has its own roadmap items: this spec only looks for what it creates.

const P = "/projects/acme-web";
type Roadmap = { items: { id: string; title: string; kind: string; status: string; feedback: { ref: string } | null }[]; unplanned: { id: string; ref: string; title: string }[] };

test.use({ storageState: storageState("member") });

async function api<T>(page: Page, method: string, path: string, body?: unknown, expected = 200): Promise<T> {
  const res = await pageApi(page, method, path, body);
  expect(res.status, JSON.stringify(res.json)).toBe(expected);
  return res.json as T;
}

/** Accepted feedback not on the roadmap yet: the seed's, or one this spec files and accepts when none is left. */
async function unplannedFeedback(page: Page) {
  const roadmap = await api<Roadmap>(page, "GET", `${P}/roadmap`);
  if (roadmap.unplanned[0]) return roadmap.unplanned[0];
  const filed = await api<{ id: string; ref: string; title: string }>(page, "POST", `${P}/feedback`, { type: "idea", title: unique("Gift wrapping at checkout"), details: "Filed by the roadmap spec." }, 201);
  await api(page, "POST", `${P}/feedback/${filed.id}/triage`, { action: "accept" });
  return filed;
}

test("a member adds a known issue by keyboard, plans accepted feedback and moves a status on", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${P}/roadmap`);
  await expect(page.getByRole("heading", { level: 1, name: "Roadmap" })).toBeVisible();
  await expect(page).toHaveTitle(/Roadmap · /);
  const section = (name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });
  await expect(section("Planned")).toBeVisible();
  await expect(section("Known issues")).toBeVisible();
  await expect(section("Scalability notes")).toBeVisible();
  await expectNoAxeViolationsInBothThemes(page);

  // —— A known issue, by keyboard only ——
  const title = unique("Exports over 10 MB time out");
  const add = page.getByRole("button", { name: "Add to roadmap" });
  await add.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add to roadmap" });
  await expect(dialog.getByRole("radio", { name: /^Planned/ })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(dialog.getByRole("radio", { name: /^Known issue/ })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Title")).toBeFocused();
  await page.keyboard.type(title);
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Notes")).toBeFocused();
  await page.keyboard.type("Workaround: export **one month** at a time.");
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Owner")).toBeFocused();
  await page.keyboard.type("Max Member");
  await expect(dialog.getByLabel("Owner").locator("option:checked")).toHaveText("Max Member");
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Target release")).toBeFocused();
  await page.keyboard.type("1.5.0");
  await expectNoAxeViolationsInBothThemes(page);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();

  const issue = section("Known issues").getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) });
  await expect(issue).toBeVisible();
  await expect(issue.getByRole("heading", { name: title })).toBeFocused();
  await expect(issue).toContainText("Max Member");
  await expect(issue).toContainText("1.5.0");
  await expect(issue).toContainText("Open");
  await expect(issue.locator(".md strong")).toHaveText("one month");
  await expect(page.getByTestId("toast")).toContainText(title);

  // —— Plan an accepted feedback item ——
  const feedback = await unplannedFeedback(page);
  await page.reload();
  const planButton = page.getByRole("button", { name: `Plan ${feedback.ref}`, exact: true });
  await planButton.click();
  const plan = page.getByRole("dialog", { name: `Plan ${feedback.ref}` });
  await plan.getByLabel("Target release").fill("1.6.0");
  await plan.getByRole("button", { name: `Plan ${feedback.ref}` }).click();
  await expect(plan).toBeHidden();
  const planned = section("Planned").getByRole("listitem").filter({ has: page.getByRole("link", { name: new RegExp(`^${feedback.ref} · `) }) });
  await expect(planned).toBeVisible();
  await expect(planned).toContainText("1.6.0");
  await expect(planned).toContainText("No owner");
  await expect(planned.getByRole("link", { name: new RegExp(feedback.ref) })).toHaveAttribute("href", `${P}/feedback/${feedback.id}`);
  await expect(page.getByRole("region", { name: "Accepted feedback not yet planned" }).getByRole("button", { name: `Plan ${feedback.ref}`, exact: true })).toHaveCount(0);

  // —— Move the known issue on: in progress, then done (it sinks to the end of its section) ——
  await issue.getByLabel(/^Status/).selectOption("in_progress");
  await expect(issue).toContainText("In progress");
  await expect.poll(async () => (await api<Roadmap>(page, "GET", `${P}/roadmap`)).items.find((i) => i.title === title)?.status).toBe("in_progress");
  await issue.getByLabel(/^Status/).selectOption("done");
  await expect(issue).toHaveAttribute("data-status", "done");
  await expect(issue.getByLabel(/^Status/)).toBeFocused();
  await expect(section("Known issues").locator("[data-roadmap-item]").last()).toContainText(title);
  await expect(section("Planned").getByRole("heading", { name: title })).toHaveCount(0);
  await page.reload();
  await expect(section("Known issues").locator("[data-roadmap-item]").last()).toContainText(title);
  await expectNoAxeViolationsInBothThemes(page);

  // —— Tidy up: delete both through the confirm dialog; the feedback shows again under accepted feedback to plan ——
  for (const [where, name] of [["Known issues", title], ["Planned", null]] as const) {
    const item = name ? section(where).getByRole("listitem").filter({ has: page.getByRole("heading", { name }) }) : planned;
    await item.getByRole("button", { name: /^Delete/ }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this roadmap item?" });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Delete item" }).click();
    await expect(confirm).toBeHidden();
    await expect(item).toHaveCount(0);
  }
  await expect(page.getByRole("button", { name: `Plan ${feedback.ref}`, exact: true })).toBeVisible();
});
