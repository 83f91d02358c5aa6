import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BaseModel, CascadeModel, Classification, Detection, Detections, Keypoint, mirrorImage, type Keypoints, type ModelOutput, type RgbImage } from "../../src/index.js";

/** Always finds the same two eyes: the left and right halves of the image. */
class TwoEyes extends BaseModel {
  readonly name = "two-eyes";
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  predict(): Promise<ModelOutput> {
    return Promise.resolve(
      new Detections({
        detections: [
          new Detection({ label: "right_eye", boundingBox: [0, 0, 0.5, 1], confidence: 0.9 }),
          new Detection({ label: "left_eye", boundingBox: [0.5, 0, 0.5, 1], confidence: 0.8 }),
        ],
      }),
    );
  }
}

/** Puts a point on the brightest column of the patch's red channel, and says which half it is in. */
class BrightestColumn extends BaseModel {
  readonly name = "brightest";
  protected async doLoad(): Promise<void> {}
  protected async doDispose(): Promise<void> {}
  predict(patch: RgbImage): Promise<ModelOutput> {
    let best = 0;
    for (let x = 0; x < patch.width; x++) if (patch.data[x * 3]! > patch.data[best * 3]!) best = x;
    return Promise.resolve({
      side: new Classification({ label: best < patch.width / 2 ? "left" : "right" }),
      spot: new Keypoint({ label: "spot", points: [[(best + 0.5) / patch.width, 0.5]] }),
    });
  }
}

describe("mirrored patches (crops.mirror)", () => {
  test("mirrorImage reverses each row", () => {
    const image: RgbImage = { data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), width: 2, height: 2, channels: 3 };
    assert.deepEqual(Array.from(mirrorImage(image).data), [4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9]);
  });

  test("the patch model sees a mirrored patch, and its point lands back where the pixel is", async () => {
    // 8×1 image, bright pixels at columns 1 (the right eye's half) and 5 (the left eye's): each at its patch's column 1.
    const data = new Uint8Array(8 * 3);
    data[1 * 3] = 255;
    data[5 * 3] = 255;
    const image: RgbImage = { data, width: 8, height: 1, channels: 3 };
    const model = new CascadeModel({ detector: new TwoEyes(), model: new BrightestColumn(), mirror: ["right_eye"] });
    const out = (await model.predict(image)) as { detections: Detections; spot: Keypoints };
    assert.deepEqual(
      out.detections.detections.map((d) => [d.label, d.attributes.side]),
      [
        ["right_eye", "right"],
        ["left_eye", "left"],
      ],
      "only the right eye's patch is mirrored",
    );
    const x = out.spot.keypoints.map((k) => k.points[0]![0]);
    // Column centres 1.5 / 8 and 5.5 / 8.
    assert.ok(Math.abs(x[0]! - 1.5 / 8) < 1e-9 && Math.abs(x[1]! - 5.5 / 8) < 1e-9, `spots at ${x.join(", ")}`);
  });
});
