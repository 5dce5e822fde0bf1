// Registers the optional Discord /feedback command for a project, once (docs/feedback.md, "Discord").
//   DISCORD_BOT_TOKEN=… npx tsx scripts/discord-register.ts <project slug or id>
// The bot token is read from the environment (never from the command line, where it would land in shell history),
// used for this one request and not stored. The project's feedback settings must hold the Discord application id.
import { db } from "../lib/db";
import { registerDiscordCommand } from "../lib/feedback/discord";

async function main() {
  const ref = process.argv[2];
  const botToken = process.env.DISCORD_BOT_TOKEN;
  if (!ref || !botToken) {
    console.error("Usage: DISCORD_BOT_TOKEN=<bot token> npx tsx scripts/discord-register.ts <project slug or id>");
    process.exit(64);
  }
  const project = await db.project.findFirst({ where: { OR: [{ id: ref }, { slug: ref }] }, select: { id: true, name: true, feedbackSettings: { select: { discordApplicationId: true } } } });
  const applicationId = project?.feedbackSettings?.discordApplicationId;
  if (!project) throw new Error(`No project ${ref}`);
  if (!applicationId) throw new Error(`${project.name} has no Discord application id: set it in the project's feedback settings first`);
  const { commands } = await registerDiscordCommand({ applicationId, botToken });
  console.log(`Registered for ${project.name}: ${commands.map((c) => `/${c.name} (${c.id})`).join(", ")}`);
}

main()
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
