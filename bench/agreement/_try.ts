import { corpus } from "./corpus.js";
import { blazefaceRows, objectRows } from "./human.js";
process.env.MODELZOO_HOME ??= "/tmp/scratch/home";
const images = corpus();
const which = process.argv[2];
if (which === "blazeface") console.log(JSON.stringify(await blazefaceRows(images, console.log), null, 1));
if (which === "centernet") console.log(JSON.stringify(await objectRows("centernet-coco-tfjs", "centernet.json", images, console.log, { minScore: 0.2, iouThreshold: 0.4, maxDetections: 10 }, { minConfidence: 0.2, iouThreshold: 0.4, maxDetected: 10 }), null, 1));
if (which === "nanodet") console.log(JSON.stringify(await objectRows("nanodet-coco-tfjs", "nanodet.json", images, console.log, { minScore: 0.2, iouThreshold: 0.4, maxDetections: 10 }, { minConfidence: 0.2, iouThreshold: 0.4, maxDetected: 10 }), null, 1));
if (which === "ocr") {
  const { ocrRows } = await import("./ocr.js");
  console.log(JSON.stringify(await ocrRows(images.filter((i) => i.kinds.includes("text")), console.log), null, 1));
}
if (which === "imgly") {
  const { imglyRows } = await import("./imgly.js");
  console.log(JSON.stringify(await imglyRows(images.slice(0, Number(process.argv[3] ?? 3)), console.log), null, 1));
}
