import onnxProto from "onnx-proto";

/*
 * Writes small ONNX graphs (protobuf, via the onnx-proto package's generated code) so
 * that tests can run the real download → load → predict path of catalog entries whose
 * weights cannot be fetched here: same input and output names and shapes as the real
 * exports, a few ops, outputs that depend on the input in a way the test can predict.
 */

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** A dimension: a fixed size or a symbolic (dynamic) name. */
export type Dim = number | string;

/** A graph input or output. */
export interface ValueSpec {
  name: string;
  type: "float" | "int64";
  dims: readonly Dim[];
}

/** A constant (initializer). */
export interface ConstSpec {
  name: string;
  dims: readonly number[];
  /** float32 values, or int64 values as numbers. */
  data: Float32Array | readonly number[];
  type?: "float" | "int64";
}

/** One node; attributes are ints, int lists, floats or strings. */
export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs?: Record<string, number | readonly number[] | string | { float: number }>;
}

/** A whole graph. */
export interface GraphSpec {
  inputs: readonly ValueSpec[];
  outputs: readonly ValueSpec[];
  consts?: readonly ConstSpec[];
  nodes: readonly NodeSpec[];
  /** Default opset 13. */
  opset?: number;
}

function valueInfo(v: ValueSpec): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: v.type === "int64" ? T.INT64 : T.FLOAT,
        shape: { dim: v.dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: NonNullable<NodeSpec["attrs"]>[string]): onnxProto.onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === "string") return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === "number") return { name, type: A.INT, i: value };
  if ("float" in value) return { name, type: A.FLOAT, f: value.float };
  return { name, type: A.INTS, ints: [...value] };
}

/** The serialized .onnx bytes of `spec`. */
export function writeOnnx(spec: GraphSpec): Uint8Array {
  const model: onnxProto.onnx.IModelProto = {
    irVersion: 7,
    producerName: "modelzoo-tests",
    opsetImport: [{ domain: "", version: spec.opset ?? 13 }],
    graph: {
      name: "test-graph",
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: (spec.consts ?? []).map((c) =>
        c.type === "int64"
          ? { name: c.name, dims: [...c.dims], dataType: T.INT64, int64Data: [...c.data] }
          : { name: c.name, dims: [...c.dims], dataType: T.FLOAT, rawData: new Uint8Array(Float32Array.from(c.data).buffer) },
      ),
      node: spec.nodes.map((n, i) => ({
        name: `${n.op}_${i}`,
        opType: n.op,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
    },
  };
  return onnx.ModelProto.encode(model).finish();
}
