// Measured reasons why a model legitimately misses its agreement threshold, keyed "<model>/<measure>".
// Each is shown next to its row in the README table. Keep them true: rerun npm run agreement.
export const REASONS: Record<string, string> = {
  "centernet-coco-tfjs/boxes":
    "resampling only: human resizes with TF.js's resizeBilinear (no smoothing), the entry with sharp's antialiased bilinear, which the pose tests' person crops rely on. Measured with input.kernel \"tfjs-bilinear\": 98.7% of boxes matched both ways (152 of 154); with the entry's kernel 87% of upstream's and 92% of ours match at IoU ≥ 0.5.",
  "paddleocr-v4-rec-ch-onnx/text":
    "all of the excess is one page: on the defocused photo (text_defocus) @gutenye/ocr-node keeps no line (each reads below its 0.5 mean confidence) while we keep one of partly right words (\"Convngli\" for \"Cartwright\"): 58 of the 67 edits. The other five pages: 9 edits in 2,052 characters (0.4%).",
  "nanodet-coco-tfjs/boxes":
    "human's decoding, measured: the same weights decoded as its src/object/nanodet.ts does (each side the argmax bin × 2.5 / stride — \"just grab indexes of features with highest scores\" — where NanoDet's GFL head is decoded by the distribution's expectation, as the entry does; class index 61 skipped; NMS run on [x, y, w, h] read as two corners) and resized as TF.js does give human's boxes: upstreamMatchedHumanDecoding and oursMatchedHumanDecoding in this row. The entry keeps NanoDet's own decoding.",
  "isnet-general-use-imgly-onnx/mask":
    "pages and images without a salient object: the entry now resizes as imgly does (its tensorResizeBilinear samples as TF.js's resizeBilinear, input.kernel \"tfjs-bilinear\"; mean IoU 0.908 → 0.945). 41 of 50 images agree at IoU ≥ 0.95; the 9 others are text pages (skimage-page 0.46, opencv-imageTextN 0.50, skimage-text 0.67, opencv-imageTextR 0.77), a rocket on its pad, the Hubble deep field, a licence plate, a board and the 80 px cat, where the soft mask sits near 0.5 and small differences flip large areas.",
  "isnet-small-general-use-imgly-onnx/mask":
    "pages and images without a salient object, as for the medium model: 37 of 50 images agree at IoU ≥ 0.95; the 13 others are text pages (skimage-page 0.47, opencv-imageTextN 0.50, skimage-text 0.67, opencv-imageTextR 0.78), the retina's microaneurysms (0.40), an aerial photo (0.47), the licence plate (0.64), a desk of objects (opencv-stuff 0.70), the rocket (0.75), the clock (0.825), the 80 px cat (0.81), the board (0.91) and the Hubble deep field (0.94), where the soft mask sits near 0.5 and small differences flip large areas. On the people photos of test/imgly-models both agree at IoU ≥ 0.95.",
  "emotion-fer2013-tfjs/top-label":
    "all four faces that differ are not faces: BlazeFace's detections on the cat of skimage-chelsea (2) and on the defocused text page (2), where the seven emotions score low and close (ours 0.30–0.43); on the 36 human faces of the corpus both give the same emotion. human cuts each face at 256×256 and shrinks it to 64×64; the entry cuts it once, with TF.js's sampling (with sharp's smoothing 80% agreed).",
  "ssrnet-gender-imdb-tfjs/top-label":
    "human's decoding: the model has one output value per face, but human's src/gear/ssrnet-gender.ts compares two (data[0] > data[1] ? female : male), so it answers \"male\" for every face, with no score; its input (RGB scaled to −1…1) also saturates the model (0.99998 for any image, noise included). The entry feeds the model as SSR-Net was trained (BGR, 0–255) and reads its one value.",
  "ssrnet-age-tfjs/age":
    "channel order and resampling: human feeds SSR-Net RGB, the entry BGR as SSR-Net was trained (its code reads images with OpenCV and never converts them). Measured on the same 40 faces: with RGB the mean difference is 2.23 years, with RGB and TF.js's resampling 1.08 (the rest is human's second resize, through 256×256).",
  "faceres-vggface2-tfjs/age":
    "the age decoding: human moves the most likely decade bin towards its larger neighbour (src/face/faceres.ts), the entry takes the mean of the 100-bin distribution. The same outputs decoded as human does give its ages: meanAbsDiffHumanDecoding in this row.",
  "faceres-deep-vggface2-tfjs/age":
    "the age decoding, as for faceres-vggface2-tfjs: with human's decoding applied to our outputs the difference is meanAbsDiffHumanDecoding in this row.",
  "meet-mediapipe-tfjs/mask":
    "human's decoding: src/segmentation/meet.ts applies softmax to the [144, 256] foreground logits along each row (tf.softmax's last axis), not across the two classes of each pixel, so each row's alpha sums to 255 (measured: mean 0.78 of 255 on skimage-astronaut, at most 74; 0.84 and 101 on face-api-sample1) and it finds no foreground at alpha ≥ 128 on any image; the entry takes each pixel's softmax over background and foreground.",
  "efficientpose-mpii-tfjs/keypoints":
    "human's input: src/body/efficientpose.ts feeds the model 2·v − 1 of 0–255 pixel values (−1…509) where EfficientPose takes −1…1 (2·v/255 − 1, as the entry does), so it finds few confident keypoints (7 on 2 people here). Measured: the entry given human's input (scale 2, stretched, TF.js resampling) lies within 0.30% of the diagonal of human's keypoints (5 people, 18 keypoints).",
  "blazepose-lite-mediapipe-tfjs/keypoints":
    "resampling: human shrinks the padded image to 256×256 with TF.js's resizeBilinear (no smoothing), the entry with sharp's smoothing. Measured with the entry on TF.js's sampling (input.kernel \"tfjs-bilinear\"): 0.93% of the diagonal (7 people, 201 keypoints).",
  "blazepose-full-mediapipe-tfjs/keypoints":
    "resampling, as for blazepose-lite-mediapipe-tfjs. Measured with the entry on TF.js's sampling: 1.09% of the diagonal (11 people, 311 keypoints), from 2.55% with the entry's kernel: resampling is most of the difference, and what remains is 0.09 points above the threshold.",
  "face-expression-tfjs/top-label":
    "crop geometry: face-api cuts each box at whole pixels, pads the cut to a square and resizes it to 112×112; the entry resizes the cut, then pads it. On identical 112×112 crops the two give the same expressions within 0.001 (test/face-models/face-crops.test.ts), so the differing faces are ones whose two best expressions are close (see npm run agreement's log).",
  "age-gender-xception-tfjs/age":
    "crop geometry and the boxes: on identical 112×112 crops the ages agree within 0.05 years (test/face-models/face-crops.test.ts); on face-api's own boxes, cut by the entry, the difference is meanAbsDiffOnUpstreamBoxes in this row, and the rest comes with the boxes of the two SSD runs, which match at IoU ≥ 0.8 but are not identical.",
  "face-recognition-resnet34-tfjs/embedding":
    "face-api computes descriptors on the face aligned by its 68 landmarks (its alignedRect), the entry on the detector's box; on identical 150×150 crops the descriptors agree within 0.001 (test/face-models/face-crops.test.ts).",
};
