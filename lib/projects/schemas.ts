import { z } from "zod";

// Project ids are cuids; URLs accept an id or a slug, so a slug of that shape could stand for another project.
export const looksLikeProjectId = (v: string) => /^c[a-z0-9]{24}$/.test(v);

const projectFields = {
  name: z.string().trim().min(2, "must be at least 2 characters").max(80, "must be at most 80 characters"),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes")
    .min(2)
    .max(48)
    .refine((v) => !looksLikeProjectId(v), {
      message: "must not look like a project id (c followed by 24 letters or digits); add a dash or a word",
      params: { rule: "looks_like_id" },
    }),
  description: z.string().trim().max(500, "must be at most 500 characters"),
};
export const ZProjectCreate = z.object({
  ...projectFields,
  slug: projectFields.slug.optional(),
  description: projectFields.description.default(""),
});
// Built without defaults: a default here would fill omitted fields and overwrite them on every patch.
export const ZProjectUpdate = z
  .object(projectFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");

export const ZProject = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  role: z.enum(["viewer", "member", "approver", "admin"]),
  targetCount: z.number().int(),
  createdAt: z.string(),
});
export type TProject = z.infer<typeof ZProject>;

// Accents are dropped, not turned into dashes ("Crème" → "creme"); dashes are trimmed after the cut so none trails.
export const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 48)
    .replace(/^-+|-+$/g, "")
    .replace(/^(c[a-z0-9]{24})$/, "$1-project") || "project";
