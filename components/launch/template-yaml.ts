import YAML, { isMap, isNode, LineCounter } from "yaml";
import { issuePath } from "./template-dialogs";

// The template edit dialog's YAML, read in the browser. Only that dialog imports this module (and with it `yaml`), and
// the dialog is loaded on first use, so the templates page's first load never carries the parser.

/** The export document without its name and description (the dialog edits those in fields of their own): `sections:` only. */
export function sectionsYaml(exported: string): string {
  const doc = YAML.parseDocument(exported);
  if (doc.errors.length || !isMap(doc.contents)) return exported;
  doc.delete("name");
  doc.delete("description");
  return doc.toString({ lineWidth: 0 });
}

function read(text: string) {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  return { doc, line: (offset: number) => lineCounter.linePos(offset) };
}

/**
 * The sections the textarea holds, or what is wrong with it, each problem with its line: YAML syntax errors, and a
 * document that is not `sections:` with a list under it. The items themselves are checked by the server.
 */
export function parseSectionsYaml(text: string): { sections: unknown[]; problems: [] } | { sections: null; problems: string[] } {
  if (!text.trim()) return { sections: null, problems: ["The YAML is empty: write `sections:` with at least one section under it."] };
  const { doc, line } = read(text);
  if (doc.errors.length) {
    return {
      sections: null,
      problems: doc.errors.slice(0, 5).map((e) => {
        const at = line(e.pos[0]);
        return `Line ${at.line}, column ${at.col}: ${e.message.split("\n")[0]}`;
      }),
    };
  }
  if (!isMap(doc.contents)) return { sections: null, problems: ["Line 1: the YAML must start with `sections:`, followed by the list of sections."] };
  const problems: string[] = [];
  for (const pair of doc.contents.items) {
    const key = isNode(pair.key) ? String((pair.key as { value?: unknown }).value ?? pair.key) : String(pair.key);
    if (key === "sections") continue;
    const at = isNode(pair.key) && pair.key.range ? `Line ${line(pair.key.range[0]).line}: ` : "";
    problems.push(
      key === "name" || key === "description"
        ? `${at}\`${key}\` goes in the ${key === "name" ? "Name" : "Description"} field above; remove it from the YAML.`
        : `${at}\`${key}\` is not part of a template; only \`sections:\` belongs here.`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { sections: null, problems: [`The YAML could not be read: ${(error as Error).message}`] };
  }
  const sections = (value as { sections?: unknown }).sections;
  if (!Array.isArray(sections)) {
    const node = doc.get("sections", true);
    const at = isNode(node) && node.range ? `Line ${line(node.range[0]).line}: ` : "";
    problems.push(sections === undefined ? "`sections:` is missing: list the sections under it, each with a title and items." : `${at}\`sections\` must be a list, each entry starting with "- title:".`);
  }
  return problems.length ? { sections: null, problems } : { sections: sections as unknown[], problems: [] };
}

/** The line of the YAML that a server issue's path names ("body.sections.0.items.2.title"), or its nearest enclosing entry's; null when neither is there. */
export function lineOfPath(text: string, path: string): number | null {
  const parts = path.replace(/^body\.?/, "").split(".").filter(Boolean);
  if (!parts.length) return null;
  const { doc, line } = read(text);
  for (let n = parts.length; n > 0; n--) {
    const node = doc.getIn(parts.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true);
    if (isNode(node) && node.range) return line(node.range[0]).line;
  }
  return null;
}

/** A server issue about the body in words, with its line: "Section 1, item 3, title is required (line 12)." */
export function describeBodyIssue(text: string, issue: { path: string; message: string }): string {
  const at = lineOfPath(text, issue.path);
  return `${issuePath(issue.path)} ${issue.message}${at ? ` (line ${at})` : ""}.`;
}
