import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Makes a VP8 WebM video that shows each image for `framesEach` frames at `fps`
 * (ffmpeg, a Debian package `.ci/run` installs), each stretched to `width`×`height`
 * so that labels in relative coordinates still fit. Frame n (1-based) shows image
 * `Math.floor((n - 1) / framesEach)`.
 */
export function makeSlideshowVideo(images: readonly string[], out: string, options: { fps: number; framesEach: number; width: number; height: number }): string {
  const dir = fs.mkdtempSync(path.join(path.dirname(out), "frames-"));
  // One file per frame, so that frame n shows exactly the image it should.
  let n = 0;
  for (const img of images) for (let k = 0; k < options.framesEach; k++) fs.copyFileSync(img, path.join(dir, `img${n++}.jpg`));
  const filter = `scale=${options.width}:${options.height},setsar=1`;
  const r = spawnSync(
    "ffmpeg",
    [
      "-hide_banner", "-loglevel", "error", "-y",
      "-framerate", String(options.fps),
      "-i", path.join(dir, "img%d.jpg"),
      "-vf", filter,
      "-c:v", "libvpx", "-b:v", "400k", "-pix_fmt", "yuv420p",
      out,
    ],
    { encoding: "utf8" },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`ffmpeg could not make ${out}: ${r.error?.message ?? r.stderr}`);
  return out;
}
