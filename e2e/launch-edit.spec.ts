import { expect, test } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { pageApi } from "./helpers/page-api";
import { storageState } from "./helpers/env";

// Shaping a checklist in the browser: an admin adds an item, edits its title, description and automated check,
// deletes it; edits a project template's items as YAML (a mistake is named by its line first). Everything made here
// is removed again, so the seeded launch stays as other specs expect it.
test.use({ storageState: storageState("admin") });

const P = "/projects/acme-web";
type Launch = { id: string; items: { id: string; title: string }[] };

test("an admin edits an item's title, description and automated check, then deletes it", async ({ page }) => {
  await page.goto(`${P}/launch`);
  const { launch } = (await pageApi(page, "GET", `${P}/launches/active`)).json as { launch: Launch };
  const made = await pageApi(page, "POST", `${P}/launches/${launch.id}/items`, { section: "Launch & post-launch ops", title: "Status page linked from the footer" });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  const item = made.json as { id: string; ref: string };
  try {
    await page.goto(`${P}/launch/items/${item.id}`);
    await page.getByRole("button", { name: "Edit item" }).click();
    const dialog = page.getByRole("dialog", { name: `Edit ${item.ref}` });
    await dialog.getByRole("textbox", { name: "Title" }).fill("");
    await dialog.getByRole("button", { name: `Save ${item.ref}` }).click();
    await expect(dialog.getByRole("textbox", { name: "Title" })).toBeFocused();

    await dialog.getByRole("textbox", { name: "Title" }).fill("Public status page linked from the footer");
    await dialog.getByLabel("Description").fill("Link **/status/acme-web** from the site footer.");
    await expect(dialog.getByRole("region").filter({ hasText: "/status/acme-web" }).locator("strong")).toHaveText("/status/acme-web");
    await dialog.getByLabel("What T-Minus watches").selectOption("check_healthy");
    await dialog.getByRole("combobox", { name: "Target" }).selectOption({ label: "production (production)" });
    await expectNoAxeViolationsInBothThemes(page);
    await dialog.getByRole("button", { name: `Save ${item.ref}` }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Public status page linked from the footer");
    await expect(page.getByText("Automated").first()).toBeVisible();

    const saved = (await pageApi(page, "GET", `${P}/checklist-items/${item.id}`)).json as { title: string; description: string; binding: { kind: string } | null };
    expect(saved).toMatchObject({ title: "Public status page linked from the footer", description: "Link **/status/acme-web** from the site footer.", binding: { kind: "check_healthy" } });

    await page.getByRole("button", { name: "Delete item" }).click();
    await page.getByRole("dialog", { name: `Delete ${item.ref}?` }).getByRole("button", { name: /^Delete/ }).click();
    await expect(page).toHaveURL(new RegExp(`${P}/launch$`));
    expect((await pageApi(page, "GET", `${P}/checklist-items/${item.id}`)).status).toBe(404);
  } finally {
    await pageApi(page, "DELETE", `${P}/checklist-items/${item.id}`);
  }
});

test("an admin edits a project template's items as YAML; a mistake is named by its line first", async ({ page }) => {
  await page.goto(`${P}/launch/templates`);
  const name = `Hotfix drill ${Date.now().toString(36)}`;
  const made = await pageApi(page, "POST", `${P}/checklist-templates`, { name, body: { sections: [{ title: "Ship", items: [{ title: "Tag the hotfix", blocking: true }] }] } });
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  const template = made.json as { id: string };
  try {
    await page.reload();
    await page.getByRole("button", { name: `Edit ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Edit ${name}` });
    const yaml = dialog.getByLabel("Sections and items (YAML)");
    await expect(yaml).toHaveValue(/Tag the hotfix/);
    await yaml.fill("sections:\n  - title: Ship\n    items:\n      - blocking: true\n");
    await dialog.getByRole("button", { name: "Save template" }).click();
    await expect(dialog).toContainText(/title/i);
    await expect(dialog).toContainText(/line \d+/);

    await yaml.fill("sections:\n  - title: Ship\n    items:\n      - title: Tag the hotfix\n        blocking: true\n      - title: Roll back on staging first\n");
    await dialog.getByRole("button", { name: "Save template" }).click();
    await expect(dialog).toBeHidden();
    const saved = (await pageApi(page, "GET", `${P}/checklist-templates/${template.id}`)).json as { body: { sections: { items: { title: string }[] }[] } };
    expect(saved.body.sections[0].items.map((i) => i.title)).toEqual(["Tag the hotfix", "Roll back on staging first"]);
  } finally {
    await pageApi(page, "DELETE", `${P}/checklist-templates/${template.id}`);
  }
});
