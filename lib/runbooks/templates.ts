// The pages a new project starts with: the maintenance SOP the launch checklist asks for, split the way people look
// for them at 3 a.m. Each {{…}} is a prompt for a specific only the team knows; the page shows it as "To fill in" and
// the runbook list counts what is left, so a half-written SOP is visible as such.

export type RunbookTemplate = { key: string; title: string; summary: string; body: string };

export const RUNBOOK_TEMPLATES: RunbookTemplate[] = [
  {
    key: "maintenance",
    title: "Maintenance SOP",
    summary: "Restart services, deploy a hotfix, roll back",
    body: `Who this is for: whoever is on call and did not build the product. Every step is a command or a link.

## Services

| Service | Where it runs | Health check |
|---|---|---|
| {{Web app: host or platform}} | {{region / project}} | {{URL of its health endpoint}} |
| {{Background workers}} | {{where}} | {{how to see they are alive}} |

## Restart a service

1. Check the status page and the project's uptime in T-Minus first: is it one service or all of them?
2. {{The exact command or console steps that restart the web app}}
3. {{How to restart the workers without losing jobs}}
4. Watch the uptime graph for five minutes; the check should turn healthy.

## Deploy a hotfix

1. Branch from the tag that is live now (T-Minus shows the version live on each target).
2. Make the smallest change, with a test. Open the pull request with "hotfix" in its title.
3. Create the release in T-Minus and request the production push; an approver approves it.
4. {{Who may approve a hotfix out of hours}}

## Roll back

1. In T-Minus, open the production target and choose **Roll back** on the previous good deployment.
2. Database changes are not rolled back by this: {{what to do when the release ran a migration}}.
3. Post in {{the incident channel}} what was rolled back and why.

## After any of these

- Note what happened in the incident, with times.
- If a step here was wrong or missing, fix this page and mark it reviewed.
`,
  },
  {
    key: "backups",
    title: "Backups and restore",
    summary: "Take a database backup, restore one, prove it works",
    body: `## What is backed up

- Database: {{engine and where it runs}}, {{how often}}, kept for {{how long}}.
- Files and uploads: {{bucket or volume, and its backup}}.

## Take a backup now

{{The command that takes a backup on demand (paste it in a code block)}}

## Restore

1. Restore into a **new** database first, never over the live one.
2. Run {{the restore command}}.
3. Check the restored data: {{a query or page that proves it is complete}}.
4. Switch the app to it: {{how}}.

## Restore test

Last restore test: {{date and who}}. Repeat it every quarter; record the time it took here.
`,
  },
  {
    key: "on-call",
    title: "On call",
    summary: "Who is on call, how to reach them, when to escalate",
    body: `## This week

| Role | Name | How to reach |
|---|---|---|
| Primary | {{name}} | {{phone / chat}} |
| Secondary | {{name}} | {{phone / chat}} |

## Escalate when

- The site is down for more than {{minutes}} minutes, or
- data may be lost or exposed: call {{who}} at once, whatever the time.

## Where to talk

- Incidents: {{channel}}
- Status page updates: the project's public status page in T-Minus.
`,
  },
  {
    key: "architecture",
    title: "Architecture",
    summary: "How the parts fit, as a diagram",
    body: `The diagram below is written in Mermaid: edit the text and the picture follows.

\`\`\`mermaid
flowchart LR
  user([Visitors]) --> cdn[CDN]
  cdn --> web[Web app]
  web --> db[(Database)]
  web --> queue[[Job queue]]
  queue --> worker[Workers]
  worker --> db
\`\`\`

## Parts

- **Web app**: {{framework and where it is hosted}}
- **Database**: {{engine, size, where}}
- **Workers**: {{what they do}}

## Things that are not obvious

- {{Anything a newcomer would get wrong}}
`,
  },
];

export const templateByKey = (key: string) => RUNBOOK_TEMPLATES.find((t) => t.key === key);
