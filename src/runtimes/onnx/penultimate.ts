import fs from "node:fs";
import { ModelFileError } from "../model-file-error.js";

/*
 * A classifier's penultimate layer (FiftyOne's embeddings of its ImageNet classifiers: the
 * features its last fully-connected layer reads), found in the ONNX graph by structure
 * rather than by a name that differs in every export: from the first graph output (the
 * class scores) back through Softmax, Flatten, Reshape, Squeeze, Identity, Dropout and Cast
 * to the Gemm or MatMul (+ Add) that makes the scores; its data input is the penultimate
 * tensor. Only the graph's node list is read: the protobuf is walked field by field and
 * the weights (initializers) are skipped unread.
 */

/** `embeddings.output` naming the input of the classifier's final fully-connected layer, resolved from the graph when the model loads. */
export const PENULTIMATE_OUTPUT = "@penultimate";

interface OnnxNode {
  inputs: string[];
  outputs: string[];
  op: string;
}

/** Length-delimited fields of a protobuf message, by field number (other wire types skipped). */
function fields(buf: Uint8Array, start: number, end: number, visit: (field: number, from: number, to: number) => void): void {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let shift = 1;
    for (;;) {
      if (pos >= end) throw new Error("truncated varint");
      const b = buf[pos++]!;
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
  };
  while (pos < end) {
    const key = varint();
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const len = varint();
      if (pos + len > end) throw new Error("truncated field");
      visit(field, pos, pos + len);
      pos += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const text = (buf: Uint8Array, from: number, to: number): string => Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString("utf8");

/** The nodes and output names of the graph in an .onnx file's bytes (ModelProto.graph = 7; GraphProto.node = 1, .output = 12). */
export function readOnnxGraph(buf: Uint8Array): { nodes: OnnxNode[]; outputs: string[] } {
  const nodes: OnnxNode[] = [];
  const outputs: string[] = [];
  fields(buf, 0, buf.length, (f, from, to) => {
    if (f !== 7) return;
    fields(buf, from, to, (g, gFrom, gTo) => {
      if (g === 1) {
        const node: OnnxNode = { inputs: [], outputs: [], op: "" };
        fields(buf, gFrom, gTo, (n, nFrom, nTo) => {
          if (n === 1) node.inputs.push(text(buf, nFrom, nTo));
          else if (n === 2) node.outputs.push(text(buf, nFrom, nTo));
          else if (n === 4) node.op = text(buf, nFrom, nTo);
        });
        nodes.push(node);
      } else if (g === 12) {
        fields(buf, gFrom, gTo, (v, vFrom, vTo) => {
          if (v === 1) outputs.push(text(buf, vFrom, vTo));
        });
      }
    });
  });
  return { nodes, outputs };
}

/** Ops between the last fully-connected layer and the class scores that keep one value per feature. */
const PASS_THROUGH = new Set(["Softmax", "LogSoftmax", "Sigmoid", "Flatten", "Reshape", "Squeeze", "Identity", "Dropout", "Cast"]);

/**
 * The name of the tensor the graph's last fully-connected layer reads (see the module
 * comment), for a graph given by its nodes and outputs.
 *
 * @throws Error naming the op where the walk stopped
 */
export function penultimateOf(graph: { nodes: readonly OnnxNode[]; outputs: readonly string[] }): string {
  const producer = new Map<string, OnnxNode>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  let tensor = graph.outputs[0];
  if (tensor === undefined) throw new Error("the graph has no outputs");
  for (let step = 0; step < 32; step++) {
    const node = producer.get(tensor);
    if (!node) throw new Error(`"${tensor}" is not made by a node (a graph input or weight)`);
    if (node.op === "Gemm" || node.op === "MatMul") return node.inputs[0]!;
    if (node.op === "Add") {
      // A MatMul plus a bias: follow the input made by the MatMul.
      const fromMatMul = node.inputs.find((i) => producer.get(i)?.op === "MatMul");
      if (!fromMatMul) throw new Error(`the Add making "${tensor}" does not add a bias to a MatMul`);
      tensor = fromMatMul;
    } else if (PASS_THROUGH.has(node.op)) tensor = node.inputs[0]!;
    else throw new Error(`the class scores come from a ${node.op} node ("${tensor}"), not a fully-connected layer (Gemm, MatMul)`);
  }
  throw new Error("no fully-connected layer within 32 nodes of the output");
}

/**
 * The penultimate tensor of the classifier in `modelPath` (see the module comment).
 *
 * @throws ModelFileError when the file cannot be read as ONNX or its scores do not come from a fully-connected layer
 */
export function penultimateTensor(modelPath: string, model: string): string {
  try {
    return penultimateOf(readOnnxGraph(fs.readFileSync(modelPath)));
  } catch (err) {
    throw new ModelFileError(
      `Model "${model}": embeddings.output "${PENULTIMATE_OUTPUT}" needs a classifier whose scores come from a fully-connected layer, but in ${modelPath} ${(err as Error).message}. Name the embeddings tensor instead.`,
      { cause: err },
    );
  }
}
