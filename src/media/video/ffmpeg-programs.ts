import { spawn, type ChildProcessByStdio } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Readable } from "node:stream";
import { FfmpegNotFoundError } from "./video-errors.js";

/** Environment variable naming the ffmpeg program (default: the system's, else the npm-shipped one). */
export const FFMPEG_ENV = "MODELZOO_FFMPEG";
/** Environment variable naming the ffprobe program (default: the system's, else the npm-shipped one). */
export const FFPROBE_ENV = "MODELZOO_FFPROBE";

/** Where a resolved ffmpeg/ffprobe came from. */
export type FfmpegOrigin = "env" | "system" | "npm" | "none";

/** The ffmpeg or ffprobe to run, and where it was found. */
export interface FfmpegProgram {
  /** The command or absolute path to start. */
  program: string;
  /** The environment variable that overrides it. */
  envVar: string;
  /** `env` (the variable), `system` (on the PATH), `npm` (the binary inside an npm package), `none` (not found: starting it fails). */
  origin: FfmpegOrigin;
}

/*
 * The npm packages whose per-platform dependencies carry static ffmpeg/ffprobe binaries
 * (@ffmpeg-installer/<platform>-<arch>/ffmpeg). They are this package's dependencies, so a
 * plain `npm install modelzoo` can read videos on a machine without FFmpeg.
 */
const NPM_PACKAGES = { ffmpeg: "@ffmpeg-installer/ffmpeg", ffprobe: "@ffprobe-installer/ffprobe" } as const;

const require = createRequire(import.meta.url);

/** An executable file named `name` in one of the PATH's folders, or undefined. */
function onPath(name: string, envPath = process.env.PATH ?? ""): string | undefined {
  const exts = process.platform === "win32" ? (process.env.PATHEXT ?? ".EXE").split(";") : [""];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The binary shipped by the npm package for this platform, or undefined when the platform has none. */
function fromNpm(which: "ffmpeg" | "ffprobe"): string | undefined {
  try {
    // The packages throw a plain string on an unsupported platform, and a missing optional
    // per-platform package makes them throw too: both mean "not available here".
    const { path: file } = require(NPM_PACKAGES[which]) as { path: string };
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ffmpeg or ffprobe command to run: the environment variable when set, else the
 * system's on the PATH, else the binary that ships in the npm package for this platform.
 * When none exists the bare name is returned (origin `none`), and starting it raises
 * {@link FfmpegNotFoundError}.
 */
export function ffmpegProgram(which: "ffmpeg" | "ffprobe"): FfmpegProgram {
  const envVar = which === "ffmpeg" ? FFMPEG_ENV : FFPROBE_ENV;
  const fromEnv = process.env[envVar];
  if (fromEnv) return { program: fromEnv, envVar, origin: "env" };
  const system = onPath(which);
  if (system) return { program: system, envVar, origin: "system" };
  const shipped = fromNpm(which);
  if (shipped) return { program: shipped, envVar, origin: "npm" };
  return { program: which, envVar, origin: "none" };
}

/** A running ffmpeg/ffprobe: its stdout, and a promise of its exit code and stderr. */
export interface RunningProgram {
  /** The child process (stdin ignored, stdout piped, stderr collected). */
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves when the process has exited: its exit code (null when killed) and the end of its stderr. */
  exited: Promise<{ code: number | null; stderr: string }>;
}

/** stderr kept per run: enough for ffmpeg's reason, bounded on a chatty failure. */
const STDERR_LIMIT = 8192;

/**
 * Starts ffmpeg or ffprobe with `args`. A program that cannot be started rejects
 * `exited` with an {@link FfmpegNotFoundError} naming the install command.
 */
export function startProgram(which: "ffmpeg" | "ffprobe", args: readonly string[]): RunningProgram {
  const { program, envVar } = ffmpegProgram(which);
  const child = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    stderr = (stderr + d).slice(-STDERR_LIMIT);
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "ENOENT" || err.code === "EACCES" ? new FfmpegNotFoundError(program, envVar, { cause: err }) : err);
    });
    child.once("close", (code) => resolve({ code, stderr }));
  });
  exited.catch(() => undefined); // observed by the caller; avoids an unhandled rejection meanwhile
  return { child, exited };
}

/** The first meaningful line of ffmpeg's stderr, for an error message. */
export function ffmpegReason(stderr: string, fallback: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.replace(/^\[[^\]]*\]\s*/, "").trim())
    .filter((l) => l.length > 0);
  // The last line is usually the summary ("file: Invalid data found ..."), the first the cause.
  const line = lines.find((l) => !/^Error while decoding/.test(l)) ?? lines[0];
  return line ? line.replace(/\.$/, "") : fallback;
}
