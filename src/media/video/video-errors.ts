import path from "node:path";
import { ModelzooError } from "../../errors.js";

/*
 * The video reader's errors. Each names the file (or the missing program) and the fix.
 */

/** The Debian/Ubuntu command that installs ffmpeg and ffprobe, for messages. */
export const FFMPEG_INSTALL_COMMAND = "apt-get install ffmpeg";

/**
 * `ffmpeg` or `ffprobe` cannot be started (code `FFMPEG_NOT_FOUND`): none on the PATH and
 * no npm-shipped binary for this platform, or the path in `MODELZOO_FFMPEG`/`MODELZOO_FFPROBE`
 * is wrong.
 */
export class FfmpegNotFoundError extends ModelzooError {
  /** The program that could not be started, as it was looked up. */
  readonly program: string;

  /**
   * @param program - the command or path that failed to start
   * @param envVar - the environment variable that can point at it
   */
  constructor(program: string, envVar: string, options?: ErrorOptions) {
    const name = path.basename(program);
    super(
      "FFMPEG_NOT_FOUND",
      `Reading videos needs ${name} (from FFmpeg), which could not be started as "${program}". ` +
        `modelzoo runs the system's ${name}, else the one shipped by the @ffmpeg-installer/@ffprobe-installer npm packages, ` +
        `which have no binary for ${process.platform}-${process.arch} or are not installed. ` +
        `Install FFmpeg with: ${FFMPEG_INSTALL_COMMAND} (Debian/Ubuntu; brew install ffmpeg on macOS), ` +
        `or set ${envVar} to the program's path.`,
      options,
    );
    this.program = program;
  }
}

/** A video path that does not exist (code `VIDEO_NOT_FOUND`). */
export class VideoNotFoundError extends ModelzooError {
  /** The missing path, as given. */
  readonly file: string;

  /** @param file - the missing path */
  constructor(file: string) {
    super("VIDEO_NOT_FOUND", `Video ${file} does not exist${resolvedNote(file)}. Check the path, or remove the sample that points at it.`);
    this.file = file;
  }
}

/**
 * A video that cannot be read (code `VIDEO_DECODE`): corrupt or truncated, without
 * a video stream, in a format this ffmpeg build does not support, or not a video at all.
 */
export class VideoDecodeError extends ModelzooError {
  /** The video file. */
  readonly file: string;
  /** Why, in brief (usually ffmpeg's own message). */
  readonly reason: string;

  /**
   * @param file - the video file
   * @param reason - why it failed, in a few words
   */
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(
      "VIDEO_DECODE",
      `Cannot read video ${file}: ${reason}. The file is corrupt, truncated, or in a format this ffmpeg cannot decode; ` +
        `re-encode it (e.g. ffmpeg -i in -c:v libx264 -pix_fmt yuv420p out.mp4) or remove the sample.`,
      options,
    );
    this.file = file;
    this.reason = reason;
  }
}

// A relative path in an error is ambiguous when the process runs from elsewhere.
function resolvedNote(file: string): string {
  return path.isAbsolute(file) ? "" : ` (resolved against ${process.cwd()})`;
}
