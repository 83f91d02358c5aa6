import fs from "node:fs";
import path from "node:path";
import { repoRoot, tempDir } from "./env.js";

/** The folder of fonts that ship with the tests (DejaVu Sans, with its licence). */
export const FONT_DIR = path.join(repoRoot, "test", "fixtures", "fonts");

/**
 * Points fontconfig (which sharp's SVG renderer uses to find fonts) at the fonts that
 * ship with the tests and nothing else, so that text renders the same on a machine with
 * no fonts installed as on one with many. Call it before the first text is rendered in
 * this process: fontconfig reads FONTCONFIG_FILE once, when it starts.
 */
export function useShippedFonts(): void {
  const dir = tempDir("modelzoo-fontconfig-");
  const conf = path.join(dir, "fonts.conf");
  const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  fs.writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n` +
      `<fontconfig><dir>${xml(FONT_DIR)}</dir><cachedir>${xml(path.join(dir, "cache"))}</cachedir></fontconfig>\n`,
  );
  process.env.FONTCONFIG_FILE = conf;
}
