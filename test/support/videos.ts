import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ffmpegProgram } from "../../src/index.js";
import { demoPhotos } from "./env.js";

/**
 * Runs ffmpeg quietly (the one modelzoo itself runs: the system's, else the npm-shipped
 * binary); throws with its stderr when it fails.
 */
export function ffmpeg(args: string[]): void {
  execFileSync(ffmpegProgram("ffmpeg").program, ["-nostdin", "-v", "error", "-y", ...args], { stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A slideshow of real photos with motion: each segment is one demo photo (index into
 * `demoPhotos()`) or `"gray"` (an empty grey frame), shown for `seconds` at `fps`,
 * the photo panning slowly (a moving 85% crop), scaled and padded to 320×240. Frame
 * count: segments × seconds × fps, exactly. H.264 in MP4.
 */
export function slideshow(file: string, segments: readonly (number | "gray")[], options: { seconds?: number; fps?: number } = {}): string {
  const seconds = options.seconds ?? 2;
  const fps = options.fps ?? 5;
  const inputs: string[] = [];
  const chains: string[] = [];
  segments.forEach((seg, i) => {
    if (seg === "gray") {
      inputs.push("-f", "lavfi", "-t", String(seconds), "-i", `color=c=gray:s=320x240:r=${fps}`);
      chains.push(`[${i}]setsar=1,format=yuv420p[v${i}]`);
    } else {
      inputs.push("-loop", "1", "-framerate", String(fps), "-t", String(seconds), "-i", demoPhotos()[seg]!);
      const pan = `crop=w=iw*0.85:h=ih*0.85:x='(iw-ow)*t/${seconds}':y='(ih-oh)/2'`;
      const fit = "scale=320:240:force_original_aspect_ratio=decrease,pad=320:240:(ow-iw)/2:(oh-ih)/2";
      chains.push(`[${i}]${pan},${fit},setsar=1,format=yuv420p[v${i}]`);
    }
  });
  const concat = `${segments.map((_, i) => `[v${i}]`).join("")}concat=n=${segments.length}:v=1:a=0[out]`;
  ffmpeg([...inputs, "-filter_complex", [...chains, concat].join(";"), "-map", "[out]", "-r", String(fps), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", file]);
  return file;
}

/**
 * A lossless video whose frame n (1-based) is filled with red = (n - 1) × 10, so
 * that a frame's number can be read back from its pixels. FFV1 in Matroska (which
 * has no frame count in its header). `width`×`height` may be odd.
 */
export function numberedFrames(file: string, frames: number, size: { width: number; height: number } = { width: 64, height: 48 }): string {
  ffmpeg([
    // The pixel format is set inside the source graph: a yuv420p step would round odd sizes down.
    "-f", "lavfi", "-i", `color=c=black:s=${size.width}x${size.height}:r=10,format=gbrp,geq=r='N*10':g=0:b=0`,
    "-frames:v", String(frames), "-c:v", "ffv1", "-pix_fmt", "bgr0", file,
  ]);
  return file;
}

/** ffmpeg's `testsrc` pattern: `seconds` at `fps`, `size`, H.264 in MP4 (moov first with `faststart`). */
export function testsrc(file: string, options: { seconds: number; fps: number; size?: string; faststart?: boolean }): string {
  ffmpeg([
    "-f", "lavfi", "-i", `testsrc=size=${options.size ?? "160x120"}:rate=${options.fps}`, "-t", String(options.seconds),
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
    ...(options.faststart ? ["-movflags", "+faststart"] : []), file,
  ]);
  return file;
}

/** A copy of `file` cut to its first `fraction` of bytes: a truncated download. */
export function truncated(file: string, out: string, fraction: number): string {
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return out;
}

/** `name` inside `dir`. */
export const inDir = (dir: string, name: string): string => path.join(dir, name);

/**
 * A VP8 WebM video that shows each image for `framesEach` frames at `fps`, each
 * stretched to `width`×`height` so that labels in relative coordinates still fit.
 * Frame n (1-based) shows image `Math.floor((n - 1) / framesEach)`.
 */
export function makeSlideshowVideo(images: readonly string[], out: string, options: { fps: number; framesEach: number; width: number; height: number }): string {
  const dir = fs.mkdtempSync(path.join(path.dirname(out), "frames-"));
  // One file per frame, so that frame n shows exactly the image it should.
  let n = 0;
  for (const img of images) for (let k = 0; k < options.framesEach; k++) fs.copyFileSync(img, path.join(dir, `img${n++}.jpg`));
  try {
    ffmpeg([
      "-framerate", String(options.fps), "-i", path.join(dir, "img%d.jpg"),
      "-vf", `scale=${options.width}:${options.height},setsar=1`,
      "-c:v", "libvpx", "-b:v", "400k", "-pix_fmt", "yuv420p", out,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
