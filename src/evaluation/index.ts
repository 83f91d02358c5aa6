import "./collection-methods.js";

export { evaluateDetections, type EvaluateDetectionsOptions } from "./evaluate-detections.js";
export { DetectionResults, type ClassCounts, type ReportRow, type DetectionResultsInit } from "./detection-results.js";
export { matchDetections, type MatchBox, type Matches } from "./match-detections.js";
export { averagePrecision, type ScoredMatch } from "./average-precision.js";
export { EvaluationError } from "./errors.js";
