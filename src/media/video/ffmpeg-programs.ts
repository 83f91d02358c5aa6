import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { FfmpegNotFoundError } from "./video-errors.js";

/** Environment variable naming the ffmpeg program (default: `ffmpeg` on the PATH). */
export const FFMPEG_ENV = "MODELZOO_FFMPEG";
/** Environment variable naming the ffprobe program (default: `ffprobe` on the PATH). */
export const FFPROBE_ENV = "MODELZOO_FFPROBE";

/** The ffmpeg or ffprobe command to run: its environment variable, else the bare name. */
export function ffmpegProgram(which: "ffmpeg" | "ffprobe"): { program: string; envVar: string } {
  const envVar = which === "ffmpeg" ? FFMPEG_ENV : FFPROBE_ENV;
  return { program: process.env[envVar] || which, envVar };
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
