import { z } from "zod";

/**
 * The parts of the COCO object-detection format (cocodataset.org/#format-data)
 * that modelzoo reads and writes. Unknown keys are allowed and ignored.
 */
export const CocoImageSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  file_name: z.string().min(1),
  width: z.number().positive(),
  height: z.number().positive(),
});

/** A COCO annotation; `bbox` is `[x, y, width, height]` in pixels. */
export const CocoAnnotationSchema = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  image_id: z.union([z.number(), z.string()]),
  category_id: z.union([z.number(), z.string()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  score: z.number().optional(),
  iscrowd: z.number().optional(),
  area: z.number().optional(),
});

/** A COCO category. */
export const CocoCategorySchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: z.string(),
  supercategory: z.string().optional(),
});

/** A COCO detection annotations file. */
export const CocoFileSchema = z.looseObject({
  images: z.array(CocoImageSchema),
  annotations: z.array(CocoAnnotationSchema).default([]),
  categories: z.array(CocoCategorySchema),
  info: z.record(z.string(), z.unknown()).optional(),
});

/** A parsed COCO annotations file. */
export type CocoFile = z.infer<typeof CocoFileSchema>;
