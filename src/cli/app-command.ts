import type { Command } from "commander";
import { Dataset, launchApp } from "../index.js";
import { DEFAULT_APP_PORT } from "../app/index.js";
import { parseCount } from "./format.js";

interface AppOptions {
  port: number;
  host: string;
  open?: boolean;
}

/** `modelzoo app <dataset>`: serves the app until Ctrl-C. */
export function addAppCommand(program: Command): void {
  program
    .command("app")
    .description("look at a dataset and its labels in the browser")
    .argument("<dataset>", "dataset name")
    .option("--port <n>", "port to listen on (0: any free port)", parseCount("--port"), DEFAULT_APP_PORT)
    .option("--host <address>", "address to bind (0.0.0.0 lets other machines connect)", "127.0.0.1")
    .option("--open", "open the page in the default browser")
    .action(async (name: string, opts: AppOptions) => {
      const dataset = await Dataset.load(name);
      const session = await launchApp(dataset, { port: opts.port, host: opts.host, open: opts.open ?? false });
      console.log(`App for dataset "${name}" at ${session.url} (Ctrl-C to stop)`);
      const stop = () => void session.close();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await session.wait();
    });
}
