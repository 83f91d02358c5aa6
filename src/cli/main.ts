import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { ModelzooError } from "../index.js";
import { addDatasetsCommand } from "./datasets-command.js";
import { addAppCommand } from "./app-command.js";
import { addBrainCommand } from "./brain-command.js";
import { addModelsCommand } from "./models-command.js";
import { addQuickstartCommand } from "./quickstart-command.js";
import { addWorkerCommand } from "./worker-command.js";
import { UsageError } from "./usage-error.js";

/** Exit code of a command that ran but failed (a missing dataset, an unreadable file). */
export const EXIT_FAILURE = 1;
/** Exit code of a command line that cannot be run as typed. */
export const EXIT_USAGE = 2;

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Builds the `modelzoo` command tree. Every command calls the public API. */
export function buildProgram(): Command {
  const program = new Command("modelzoo")
    .description("Pretrained vision models for Node.js: list, download and apply them to datasets of images and videos.")
    .version(version)
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  addQuickstartCommand(program);
  addDatasetsCommand(program);
  addModelsCommand(program);
  addAppCommand(program);
  addBrainCommand(program);
  addWorkerCommand(program);
  // Subcommands inherit exit handling so that usage errors anywhere exit with code 2.
  for (const cmd of allCommands(program)) cmd.exitOverride().showHelpAfterError("(add --help for usage)");
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script) and returns the exit code:
 * 0 on success, 2 for usage errors, 1 for failures. Errors are printed, not thrown.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      // A group like `modelzoo datasets` without a subcommand prints its help: a usage error.
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof ModelzooError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT_FAILURE;
  }
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}
