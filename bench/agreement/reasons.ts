// Measured reasons why a model legitimately misses its agreement threshold, keyed "<model>/<measure>".
// Each is shown next to its row in the README table. Keep them true: rerun npm run agreement.
export const REASONS: Record<string, string> = {};
