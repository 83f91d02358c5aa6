import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { markdownReport } from "../../bench/report.js";
import { QUICK, runBench, writeResults, type BenchConfig } from "../../bench/run-bench.js";
import { photos } from "../../bench/photos.js";
import { decodeImage, zoo, type Detections } from "../../src/index.js";
import { tempDir, useTempHome } from "../support/env.js";

useTempHome();

// The quick mode's code path on 2 photos: every section runs for real, nothing about speed is asserted.
test("the benchmark harness measures bare runtime, modelzoo and peer, the store, sweeps and scaling", async () => {
  const config: BenchConfig = {
    ...QUICK,
    images: 2,
    rounds: 2,
    photoSets: ["portraits"],
    batchSizes: [1, 2],
    warmupSeconds: 0.1,
    only: ["movenet-lightning-coco-tfjs", "paddleocr-v4-det-ch-onnx"],
    scaling: [2, 4],
    storeSamples: 200,
    sweep: { ...QUICK.sweep, batchSizes: [1, 2], threads: [1], images: 2, rounds: 1 },
  };
  const lines: string[] = [];
  const results = await runBench(config, "npm run bench -- --quick (test)", (l) => lines.push(l));

  assert.deepEqual(results.models?.map((m) => m.name), config.only);
  const expectedKeys: Record<string, string[]> = {
    "movenet-lightning-coco-tfjs": ["peer:human", "peer-tuned:human", "peer:pose-detection", "peer-tuned:pose-detection", "bare", "bare-multi", "modelzoo", "modelzoo-main", "prepare"],
    "paddleocr-v4-det-ch-onnx": ["peer:paddle-ort", "peer-tuned:paddle-ort", "bare", "bare-multi", "modelzoo", "modelzoo-main", "prepare"],
  };
  for (const m of results.models!) {
    assert.deepEqual(m.contenders?.map((c) => c.key), expectedKeys[m.name], m.name);
    for (const c of m.contenders!) {
      assert.equal(c.imagesPerSec.runs.length, 2);
      assert.ok(c.imagesPerSec.runs.every((v) => Number.isFinite(v) && v > 0), `${m.name} ${c.role}`);
      if (c.role !== "prepare") assert.ok(c.peakRssMB! > 0, `${m.name} ${c.role} peak RSS`);
    }
    for (const r of [m.ratios?.modelzooOverBare, m.ratios?.modelzooOverBestBare, m.ratios?.modelzooOverPeer, m.ratios?.mainThreadOverBare]) assert.ok(r && r.median > 0 && Number.isFinite(r.median));
    // One ratio per peer variant; the "best peer" ratio is against the fastest of them in each round, so it is the smallest.
    const perPeer = Object.values(m.ratios!.modelzooOverPeers!);
    assert.equal(perPeer.length, expectedKeys[m.name]!.filter((k) => k.startsWith("peer")).length);
    for (let r = 0; r < 2; r++) assert.ok(Math.abs(m.ratios!.modelzooOverPeer!.runs[r]! - Math.min(...perPeer.map((p) => p.runs[r]!))) < 1e-9);
    // The sweep tried both batch sizes for bare ×1 (if its graph takes a batch) and modelzoo, and each ran at its best.
    const mzSweep = m.batchSweep!.filter((p) => p.key === "modelzoo");
    assert.deepEqual(mzSweep.map((p) => p.batchSize), [1, 2]);
    assert.equal(m.batchSize, mzSweep.reduce((a, p) => (p.imagesPerSec > a.imagesPerSec ? p : a)).batchSize);
    assert.ok(m.machineLimit! > 0 && m.decodeCpuPerImage! > 0, `${m.name}: machine limit from bare and decode CPU`);
    assert.ok(m.load && Number.isFinite(m.load.start) && Number.isFinite(m.load.end), `${m.name}: load sampled`);
    // modelzoo ran with its workers (TF.js: one per core; ONNX: one), which report their memory.
    assert.ok(m.workers && m.workers.length > 0 && m.workers.every((w) => w.memoryPerWorkerMB.every((mb) => mb > 0)), `${m.name}: workers`);
  }
  // modelzoo, Human and pose-detection (stock, and done well in worker threads) found the one main person in each of the two photos.
  const movenet = results.models![0]!.contenders!;
  for (const key of ["modelzoo", "modelzoo-main", "peer:human", "peer-tuned:human", "peer:pose-detection", "peer-tuned:pose-detection"]) assert.equal(movenet.find((c) => c.key === key)!.found, 2, key);
  // The TF.js graphs ran on MoveNet Lightning's 192×192 input, the peers' too (what the input column reports).
  for (const key of ["bare", "modelzoo-main", "peer:human", "peer:pose-detection"]) assert.deepEqual(movenet.find((c) => c.key === key)!.inputShapes, ["1×192×192×3"], key);
  // modelzoo stored the text boxes PaddleOCR's detector finds in the two photos (people, little text): as many as it predicts on them.
  const paddle = results.models![1]!.contenders!;
  const detector = await zoo.loadZooModel("paddleocr-v4-det-ch-onnx");
  await detector.load();
  let boxes = 0;
  for (const f of photos(2)) boxes += ((await detector.predict(await decodeImage(f))) as unknown as { detections: Detections }).detections.detections.length;
  await detector.dispose();
  assert.equal(paddle.find((c) => c.role === "modelzoo")!.found, boxes);

  assert.deepEqual(results.sweeps?.points.map((p) => [p.batchSize, p.intraOpNumThreads, p.allowSpinning]), [[1, 1, false], [2, 1, false]]);

  // Store: the query's count is checked against the labels the benchmark writes.
  const byOp = new Map(results.store!.map((s) => [s.operation, s]));
  let expected = 0;
  for (let i = 0; i < 200; i++) {
    const dets = [0, 1, 2].map((k) => ({ label: ["person", "car", "dog", "cat", "bicycle"][(i + k) % 5], confidence: ((i * 7 + k * 13) % 100) / 100 }));
    if (dets.some((d) => d.label === "dog") && dets.some((d) => d.confidence > 0.9)) expected++;
  }
  assert.equal(byOp.get("query by label and confidence")!.result, expected);
  assert.equal(byOp.get("export JSON lines")!.result, 200);

  assert.deepEqual(results.scaling!.steps.map((s) => [s.samples, s.processed, s.failures]), [[2, 2, 0], [4, 4, 0]]);
  assert.ok(results.scaling!.steps.every((s) => s.peakRssDuringApplyMB > 0));
  const memory = results.scaling!.memory!;
  assert.deepEqual([memory.fromSamples, memory.toSamples], [2, 4]);
  assert.equal(memory.flat, Math.abs(memory.changePct) <= 10);

  const file = writeResults(results, path.join(tempDir(), "quick.json"));
  assert.equal((JSON.parse(fs.readFileSync(file, "utf8")) as { config: { mode: string } }).config.mode, "quick");
  const table = markdownReport(results);
  for (const name of config.only!) assert.ok(table.includes(name));
  assert.ok(lines.some((l) => l.startsWith("movenet-lightning-coco-tfjs (portraits) round 2/2")));
});
