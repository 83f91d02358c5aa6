import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { FfmpegNotFoundError, MediaArgumentError, VideoDecodeError, VideoNotFoundError, VideoReader, videoMetadata, type VideoFrame } from "../../src/index.js";
import { repoRoot, tempDir } from "../support/env.js";
import { ffmpeg, inDir, numberedFrames, slideshow, testsrc, truncated } from "../support/videos.js";

const dir = tempDir("modelzoo-video-");

/** The frame numbers a reader yields, with the number each frame's red channel encodes. */
async function readNumbers(reader: AsyncIterable<{ frameNumber: number; data: Uint8Array }>): Promise<[number, number][]> {
  const out: [number, number][] = [];
  for await (const f of reader) out.push([f.frameNumber, Math.round(f.data[0]! / 10) + 1]);
  return out;
}

/** Names of this process's child processes (ps exits 1 when there are none). */
function childCommands(): string {
  try {
    return execFileSync("ps", ["--ppid", String(process.pid), "-o", "comm="], { encoding: "utf8" });
  } catch {
    return "";
  }
}

describe("VideoReader", () => {
  test("metadata of a slideshow of the demo photos comes from the headers", async () => {
    const file = slideshow(inDir(dir, "show.mp4"), [0, "gray", 4]);
    const m = await videoMetadata(file);
    assert.deepEqual(
      { ...m, sizeBytes: undefined },
      { sizeBytes: undefined, mimeType: "video/mp4", frameWidth: 320, frameHeight: 240, frameRate: 5, totalFrameCount: 30, duration: 6, encodingStr: "avc1", codec: "h264", rotation: 0 },
    );
    assert.equal(m.sizeBytes, fs.statSync(file).size);
  });

  test("frames come as 1-based numbered HWC RGB images, every one of them, in order", async () => {
    const file = numberedFrames(inDir(dir, "numbered.mkv"), 20);
    const reader = await VideoReader.open(file);
    assert.equal(reader.metadata.totalFrameCount, 20, "Matroska has no count in its header: packets are counted");
    assert.equal(reader.frameCount, 20);
    const seen = await readNumbers(reader);
    assert.deepEqual(seen, Array.from({ length: 20 }, (_, i) => [i + 1, i + 1]), "frame n holds the pixels of frame n");
    const first = (await reader.frames({ end: 1 }).next()).value as VideoFrame;
    assert.deepEqual([first.width, first.height, first.channels, first.data.length], [64, 48, 3, 64 * 48 * 3]);
  });

  test("a range and a stride select exactly their frames, with their own numbers", async () => {
    const file = numberedFrames(inDir(dir, "numbered-range.mkv"), 20);
    const reader = await VideoReader.open(file, { start: 3, end: 15, step: 4 });
    assert.equal(reader.frameCount, 4);
    assert.deepEqual(await readNumbers(reader), [[3, 3], [7, 7], [11, 11], [15, 15]]);
    assert.deepEqual(await readNumbers(reader.frames({ step: 7 })), [[1, 1], [8, 8], [15, 15]]);
    assert.deepEqual(await readNumbers(reader.frames({ start: 19 })), [[19, 19], [20, 20]]);
    assert.deepEqual(await readNumbers(reader.frames({ start: 25 })), [], "a start past the end reads nothing");
    await assert.rejects(VideoReader.open(file, { start: 0 }), MediaArgumentError);
    await assert.rejects(VideoReader.open(file, { start: 5, end: 4 }), MediaArgumentError);
    await assert.rejects(VideoReader.open(file, { step: 1.5 }), MediaArgumentError);
  });

  test("odd frame sizes are kept, pixel for pixel", async () => {
    const reader = await VideoReader.open(numberedFrames(inDir(dir, "odd.mkv"), 3, { width: 161, height: 97 }));
    assert.deepEqual([reader.metadata.frameWidth, reader.metadata.frameHeight], [161, 97]);
    const frames = [];
    for await (const f of reader) frames.push(f);
    assert.equal(frames.length, 3);
    for (const f of frames) {
      assert.deepEqual([f.width, f.height, f.data.length], [161, 97, 161 * 97 * 3]);
      // The last pixel of the last row has the frame's colour too: rows are not misaligned.
      assert.equal(f.data[f.data.length - 3], (f.frameNumber - 1) * 10);
    }
  });

  test("rotation metadata turns the frames upright and swaps the reported size", async () => {
    const plain = testsrc(inDir(dir, "plain.mp4"), { seconds: 1, fps: 5, size: "160x120" });
    const rotated = inDir(dir, "rotated.mp4");
    ffmpeg(["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated]);
    const m = await videoMetadata(rotated);
    assert.equal(m.rotation % 180, 90);
    assert.deepEqual([m.frameWidth, m.frameHeight], [120, 160]);
    const reader = await VideoReader.open(rotated);
    let n = 0;
    for await (const f of reader) {
      assert.deepEqual([f.width, f.height], [120, 160]);
      n++;
    }
    assert.equal(n, 5);
  });

  test("leaving the loop early stops ffmpeg; the reader can be read again", async () => {
    const reader = await VideoReader.open(testsrc(inDir(dir, "long.mp4"), { seconds: 20, fps: 25, size: "64x48" }));
    for await (const f of reader) if (f.frameNumber === 3) break;
    const children = childCommands();
    assert.doesNotMatch(children, /ffmpeg/, "no ffmpeg left decoding the other 497 frames");
    let count = 0;
    for await (const _ of reader.frames({ end: 10 })) count++;
    assert.equal(count, 10);
  });

  test("a truncated video fails with a VideoDecodeError naming its path", async () => {
    // moov atom at the end (the default): the cut file has no index at all.
    const cutIndex = truncated(testsrc(inDir(dir, "t.mp4"), { seconds: 4, fps: 10 }), inDir(dir, "no-index.mp4"), 0.5);
    await assert.rejects(VideoReader.open(cutIndex), (err: unknown) => {
      assert.ok(err instanceof VideoDecodeError);
      assert.equal(err.file, cutIndex);
      assert.match(err.message, new RegExp(`${cutIndex.replace(/[.]/g, "\\.")}: moov atom not found`));
      return true;
    });
    // moov first (faststart): the header promises 40 frames, the data stops part-way.
    const cutData = truncated(testsrc(inDir(dir, "fs.mp4"), { seconds: 4, fps: 10, faststart: true }), inDir(dir, "cut-data.mp4"), 0.5);
    const reader = await VideoReader.open(cutData);
    assert.equal(reader.metadata.totalFrameCount, 40);
    let decoded = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of reader) decoded++;
      })(),
      (err: unknown) => {
        assert.ok(err instanceof VideoDecodeError);
        assert.equal(err.file, cutData);
        assert.match(err.message, /only \d+ of 40 frames could be decoded.*truncated/);
        return true;
      },
    );
    assert.ok(decoded > 0 && decoded < 40, `the frames before the cut are read first (${decoded})`);
  });

  test("without a system ffmpeg (none on the PATH, no MODELZOO_FFMPEG) the npm-shipped binaries read the frames", () => {
    const file = numberedFrames(inDir(dir, "numbered-npm.mkv"), 12);
    // A PATH with nothing on it: whatever FFmpeg this machine has is out of sight.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: tempDir("modelzoo-bare-path-") };
    delete env.MODELZOO_FFMPEG;
    delete env.MODELZOO_FFPROBE;
    const script = `
      import { VideoReader, ffmpegProgram } from "./src/index.ts";
      const reader = await VideoReader.open(${JSON.stringify(file)});
      const reds = [];
      for await (const f of reader) reds.push(Math.round(f.data[0] / 10) + 1);
      console.log(JSON.stringify({ ffmpeg: ffmpegProgram("ffmpeg"), ffprobe: ffmpegProgram("ffprobe"), frames: reader.metadata.totalFrameCount, reds }));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot, env, encoding: "utf8" });
    const got = JSON.parse(out.trim().split("\n").pop()!) as { ffmpeg: { origin: string; program: string }; ffprobe: { origin: string; program: string }; frames: number; reds: number[] };
    assert.equal(got.ffmpeg.origin, "npm");
    assert.equal(got.ffprobe.origin, "npm");
    assert.match(got.ffmpeg.program, new RegExp(`node_modules\\${path.sep}@ffmpeg-installer`));
    assert.match(got.ffprobe.program, new RegExp(`node_modules\\${path.sep}@ffprobe-installer`));
    assert.deepEqual(got.reds, Array.from({ length: 12 }, (_, i) => i + 1), "every frame, in order, with its own pixels");
  });

  test("missing files, non-videos and a missing ffmpeg are typed errors that say what to do", async () => {
    await assert.rejects(VideoReader.open(inDir(dir, "nope.mp4")), VideoNotFoundError);
    const text = inDir(dir, "notes.mp4");
    fs.writeFileSync(text, "these are not the frames you are looking for\n");
    await assert.rejects(VideoReader.open(text), (err: unknown) => err instanceof VideoDecodeError && err.message.includes(text));
    const audio = inDir(dir, "tone.mp4");
    ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=1", audio]);
    await assert.rejects(VideoReader.open(audio), /has no video stream/);
    process.env.MODELZOO_FFPROBE = inDir(dir, "no-such-ffprobe");
    try {
      await assert.rejects(videoMetadata(testsrc(inDir(dir, "ok.mp4"), { seconds: 1, fps: 5 })), (err: unknown) => {
        assert.ok(err instanceof FfmpegNotFoundError);
        assert.match(err.message, /apt-get install ffmpeg/);
        assert.match(err.message, /MODELZOO_FFPROBE/);
        assert.match(err.message, /@ffprobe-installer/);
        return true;
      });
    } finally {
      delete process.env.MODELZOO_FFPROBE;
    }
  });
});
