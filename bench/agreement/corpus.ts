// The agreement corpus: real photos (test/corpus/ and the face-api demo photos in node_modules),
// each with what it exercises. test/corpus/README.md names every file's source and licence.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

/** What an image exercises. */
export type CorpusKind =
  | "portrait"
  | "group"
  | "people"
  | "scene"
  | "animal"
  | "object"
  | "text"
  | "grayscale"
  | "alpha"
  | "exif"
  | "tiny"
  | "large";

/** One image of the corpus. */
export interface CorpusImage {
  /** Short name, unique. */
  name: string;
  /** Absolute path. */
  file: string;
  kinds: readonly CorpusKind[];
}

/** The folder of the committed corpus images. */
export const CORPUS_DIR = path.join(import.meta.dirname, "..", "..", "test", "corpus");

/** Committed images (file name in test/corpus → kinds). */
const COMMITTED: Record<string, readonly CorpusKind[]> = {
  "skimage-astronaut.png": ["portrait", "people"],
  "skimage-camera.png": ["people", "grayscale"],
  "skimage-chelsea.png": ["animal"],
  "skimage-coffee.png": ["object"],
  "skimage-rocket.jpg": ["scene"],
  "skimage-motorcycle_left.png": ["object", "scene"],
  "skimage-page.png": ["text", "grayscale"],
  "skimage-text.png": ["text", "grayscale"],
  "skimage-coins.png": ["object", "grayscale"],
  "skimage-moon.png": ["object", "grayscale"],
  "skimage-hubble_deep_field.jpg": ["scene"],
  "skimage-clock_motion.png": ["object", "grayscale"],
  "skimage-brick.png": ["object", "grayscale"],
  "skimage-retina.jpg": ["object"],
  "skimage-microaneurysms.png": ["tiny", "grayscale"],
  "opencv-basketball1.png": ["people", "scene", "grayscale"],
  "opencv-building.jpg": ["scene"],
  "opencv-fruits.jpg": ["object"],
  "opencv-home.jpg": ["scene"],
  "opencv-baboon.jpg": ["animal"],
  "opencv-butterfly.jpg": ["animal"],
  "opencv-squirrel_cls.jpg": ["animal"],
  "opencv-orange.jpg": ["object"],
  "opencv-apple.jpg": ["object"],
  "opencv-plant.jpg": ["object", "scene"],
  "opencv-aero1.jpg": ["scene"],
  "opencv-leuvenA.jpg": ["scene"],
  "opencv-licenseplate_motion.jpg": ["scene", "text"],
  "opencv-text_defocus.jpg": ["text"],
  "opencv-imageTextN.png": ["text"],
  "opencv-imageTextR.png": ["text"],
  "opencv-smarties.png": ["object"],
  "opencv-rubberwhale1.png": ["scene"],
  "opencv-board.jpg": ["object"],
  "opencv-stuff.jpg": ["scene"],
  "opencv-box_in_scene.png": ["scene", "grayscale"],
  "opencv-chicky_512.png": ["animal", "alpha"],
  "derived-astronaut-exif6.jpg": ["portrait", "people", "exif"],
  "derived-sample3-exif3.jpg": ["group", "people", "exif"],
  "derived-home-exif8.jpg": ["scene", "exif"],
  "derived-chelsea-tiny.png": ["animal", "tiny"],
  "derived-sample2-tiny.jpg": ["people", "tiny"],
  "derived-leuven-large.jpg": ["scene", "large"],
  "derived-coffee-alpha.png": ["object", "alpha"],
};

/** The six face-api demo photos (1920 px group photos of people), read from node_modules. */
function faceApiDemo(): CorpusImage[] {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve("@vladmandic/face-api/package.json")), "demo");
  return [1, 2, 3, 4, 5, 6].map((i) => ({ name: `face-api-sample${i}`, file: path.join(dir, `sample${i}.jpg`), kinds: ["group", "people"] as const }));
}

/** Every image of the corpus, committed ones first. */
export function corpus(): CorpusImage[] {
  const committed = Object.entries(COMMITTED).map(([file, kinds]) => ({ name: file.replace(/\.[^.]+$/, ""), file: path.join(CORPUS_DIR, file), kinds }));
  return [...committed, ...faceApiDemo()];
}

/** The committed file names the corpus lists (a test checks they match the folder). */
export function committedFiles(): string[] {
  return Object.keys(COMMITTED);
}

/** The image files actually in test/corpus. */
export function corpusFolderFiles(): string[] {
  return fs.readdirSync(CORPUS_DIR).filter((f) => /\.(png|jpe?g)$/i.test(f));
}
