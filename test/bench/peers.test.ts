import assert from "node:assert/strict";
import { test } from "node:test";
import { gutenyeContender } from "../../bench/contenders/gutenye.js";
import { imglyContender } from "../../bench/contenders/imgly.js";
import { eachDecoded } from "../../bench/contenders/peer-tensor.js";
import { photoSet } from "../../bench/photos.js";

// The ONNX peers of the benchmark run for real, stock and done well (nothing about speed is asserted).
test("@gutenye/ocr-node reads the same lines stock and with two pages in flight", async () => {
  const files = photoSet("text", 2); // a scanned page and the same page scanned rotated, both under 640 px: done well does not shrink them
  const stock = await gutenyeContender(files);
  const tuned = await gutenyeContender(files, { detectSize: 640 });
  try {
    assert.equal(stock.role, "peer");
    assert.equal(tuned.role, "peer-tuned");
    await stock.run();
    await tuned.run();
    const lines = await stock.found();
    assert.ok(lines! > 4, `lines read: ${lines}`);
    assert.equal(await tuned.found(), lines, "two lanes count every line once");
  } finally {
    await stock.dispose();
    await tuned.dispose();
  }
});

test("@imgly/background-removal-node cuts out every photo, stock (PNG) and done well (mask only)", async () => {
  const files = photoSet("portraits", 2);
  const tuned = await imglyContender(files, { size: 1024 });
  try {
    await tuned.run();
    assert.equal(await tuned.found(), 2);
  } finally {
    await tuned.dispose();
  }
});

test("eachDecoded decodes one photo ahead and adds up what each inference found, in order", async () => {
  const events: string[] = [];
  const found = await eachDecoded(
    ["a", "b", "c"],
    async (f) => {
      events.push(`decode ${f}`);
      await new Promise((r) => setTimeout(r, 1));
      return f;
    },
    async (d) => {
      events.push(`infer ${d}`);
      await new Promise((r) => setTimeout(r, 5));
      return d === "b" ? 2 : 1;
    },
    true,
  );
  assert.equal(found, 4);
  // b's decode starts before a's inference: one photo ahead.
  assert.ok(events.indexOf("decode b") < events.indexOf("infer a"), events.join(", "));
  assert.deepEqual(events.filter((e) => e.startsWith("infer")), ["infer a", "infer b", "infer c"]);
});
