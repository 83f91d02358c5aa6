import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import onnxProto from "onnx-proto";

/*
 * ONNX Runtime returns graph outputs only: an intermediate tensor (a classifier's
 * penultimate layer, named by a manifest's `embeddings.output`) must be declared a graph
 * output first. A protobuf message followed by another encoding of the same message type
 * parses as their merge, with repeated fields concatenated; so the original .onnx bytes
 * followed by a tiny `ModelProto { graph { output: [...] } }` are the same model with more
 * outputs. No large model is decoded, and external-data files keep resolving beside it.
 */

/** The bytes appended to an .onnx file so that `names` (float tensors) become graph outputs too. */
export function extraOutputsSuffix(names: readonly string[]): Uint8Array {
  const { onnx } = onnxProto;
  return onnx.ModelProto.encode({
    graph: { output: names.map((name) => ({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } })) },
  }).finish();
}

/**
 * The path of a copy of `modelPath` that also outputs `names`, written once and reused
 * (beside the model, or in the temporary folder when its folder is read-only). The copy's
 * name carries a hash of the original's size and modification time and of `names`, so a
 * changed model gets a new copy.
 */
export function modelWithOutputs(modelPath: string, names: readonly string[]): string {
  const stat = fs.statSync(modelPath);
  const key = createHash("sha256").update(JSON.stringify([stat.size, stat.mtimeMs, names])).digest("hex").slice(0, 16);
  const base = `${path.basename(modelPath, ".onnx")}.outputs-${key}.onnx`;
  const beside = path.join(path.dirname(modelPath), base);
  if (fs.existsSync(beside)) return beside;
  const suffix = extraOutputsSuffix(names);
  const write = (file: string): string => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.copyFileSync(modelPath, tmp);
    fs.appendFileSync(tmp, suffix);
    fs.renameSync(tmp, file);
    return file;
  };
  try {
    return write(beside);
  } catch {
    // A read-only model folder: keep the copy in the temporary folder (external data would not resolve there).
    const dir = path.join(os.tmpdir(), "modelzoo-onnx-outputs");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, base);
    return fs.existsSync(file) ? file : write(file);
  }
}
