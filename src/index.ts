/**
 * modelzoo — pretrained vision models for Node.js, applied to datasets of images and videos.
 *
 * This module is the public API; each layer's `index.ts` chooses what it exports,
 * and nothing outside `src/` reaches into a layer's internals.
 * @packageDocumentation
 */
export { ModelzooError, didYouMean } from "./errors.js";
export * from "./labels/index.js";
export * from "./media/index.js";
export * from "./dataset/index.js";
export * from "./models/index.js";
export * from "./runtimes/index.js";
export * from "./processors/index.js";
export * from "./zoo/index.js";
export * from "./evaluation/index.js";
export * from "./distributed/index.js";
export * as zoo from "./zoo/index.js";
export * from "./app/index.js";
