import type { ReactNode } from "react";

// A tiny Markdown renderer for changelogs: headings, bullet lists, paragraphs, **bold**, `code` and [links](…) shown
// as their text. It builds React elements from the text, so nothing the text says can become markup.

function inline(text: string, keyBase: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let i = 0;
  const plain = (s: string) => s.replace(/\\([\\`*_{}[\]()#+\-.!>|])/g, "$1");
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(plain(text.slice(last, m.index)));
    const key = `${keyBase}-${i++}`;
    if (m[1] !== undefined) out.push(<strong key={key} className="font-semibold">{plain(m[1])}</strong>);
    else if (m[2] !== undefined) out.push(<code key={key} className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">{m[2]}</code>);
    else out.push(<span key={key}>{plain(m[3])}</span>);
    last = re.lastIndex;
  }
  if (last < text.length) out.push(plain(text.slice(last)));
  return out;
}

export function Markdown({ text, headingLevel = 3 }: { text: string; headingLevel?: 3 | 4 }) {
  const blocks = text.replace(/\r\n/g, "\n").split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
  const H1 = headingLevel === 3 ? "h3" : "h4";
  const H2 = headingLevel === 3 ? "h4" : "h5";
  return (
    <div className="space-y-3 text-sm">
      {blocks.map((block, bi) => {
        const key = `b${bi}`;
        const heading = /^(#{1,6})\s+(.*)$/.exec(block);
        if (heading && !block.includes("\n")) {
          const Tag = heading[1].length <= 2 ? H1 : H2;
          return (
            <Tag key={key} className={heading[1].length <= 2 ? "font-mono text-base font-semibold" : "text-sm font-semibold"}>
              {inline(heading[2], key)}
            </Tag>
          );
        }
        const lines = block.split("\n");
        if (lines.every((l) => /^\s*[-*+]\s+/.test(l))) {
          return (
            <ul key={key} className="space-y-1 pl-5">
              {lines.map((l, li) => (
                <li key={li} className="list-disc break-words marker:text-zinc-400">
                  {inline(l.replace(/^\s*[-*+]\s+/, ""), `${key}-${li}`)}
                </li>
              ))}
            </ul>
          );
        }
        if (heading) {
          // A heading with lines under it in one block: the heading, then the rest.
          return <Markdown key={key} text={`${lines[0]}\n\n${lines.slice(1).join("\n")}`} headingLevel={headingLevel} />;
        }
        return (
          <p key={key} className="whitespace-pre-line break-words">
            {inline(block, key)}
          </p>
        );
      })}
    </div>
  );
}
