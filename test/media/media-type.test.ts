import assert from "node:assert/strict";
import { test } from "node:test";
import { IMAGE_EXTENSIONS, VIDEO_EXTENSIONS, mediaTypeOf } from "../../src/media/index.js";

test("mediaTypeOf tells images from videos by extension, in any case", () => {
  assert.equal(mediaTypeOf("/data/a/b.JPG"), "image");
  assert.equal(mediaTypeOf("photo.jpeg"), "image");
  assert.equal(mediaTypeOf("x.webp"), "image");
  assert.equal(mediaTypeOf("scan.TIFF"), "image");
  assert.equal(mediaTypeOf("C:\\pics\\shot.PnG"), "image");
  assert.equal(mediaTypeOf("clip.MP4"), "video");
  assert.equal(mediaTypeOf("movie.mkv"), "video");
  assert.equal(mediaTypeOf("a.b.c.mov"), "video");
  assert.equal(mediaTypeOf("recording.m2ts"), "video");
});

test("mediaTypeOf: anything else is undefined", () => {
  assert.equal(mediaTypeOf("notes.txt"), undefined);
  assert.equal(mediaTypeOf("noext"), undefined);
  assert.equal(mediaTypeOf(".jpg"), undefined, "a dotfile, not a JPEG");
  assert.equal(mediaTypeOf("folder.jpg/readme"), undefined);
  assert.equal(mediaTypeOf("index.ts"), undefined, "TypeScript, not MPEG-TS");
  assert.equal(mediaTypeOf("image.jpg.bak"), undefined);
});

test("the extension lists are lower case, dot-less and disjoint", () => {
  for (const ext of [...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS]) assert.match(ext, /^[a-z0-9]+$/);
  for (const ext of IMAGE_EXTENSIONS) assert.ok(!VIDEO_EXTENSIONS.has(ext), ext);
  for (const ext of ["jpg", "jpeg", "png", "webp", "gif", "tif", "tiff", "avif"]) assert.ok(IMAGE_EXTENSIONS.has(ext), ext);
  for (const ext of ["mp4", "mov", "avi", "mkv", "webm", "m4v"]) assert.ok(VIDEO_EXTENSIONS.has(ext), ext);
});
