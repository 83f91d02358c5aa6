/**
 * Colours of classes: each class named in the view's schema gets its own hue, spread
 * by the golden angle in the order the schema lists them (most frequent first), so
 * neighbouring classes differ clearly; other keys (class ids of masks, unknown
 * names) get a hue from a hash. The same class looks the same everywhere on the page.
 */
const order = new Map<string, number>();

/** Gives the classes of the view their colours, in this order. */
export function setClassOrder(labels: readonly string[]): void {
  order.clear();
  for (const l of labels) if (!order.has(l)) order.set(l, order.size);
}

/** A stable CSS colour per class name (or class id). */
export function colorFor(key: string | number): string {
  const [r, g, b] = rgbFor(key);
  return `rgb(${r}, ${g}, ${b})`;
}

/** {@link colorFor} as RGB bytes, for mask pixels. */
export function rgbFor(key: string | number): [number, number, number] {
  const s = String(key);
  let index = order.get(s);
  if (index === undefined) {
    let h = 2166136261; // FNV-1a
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    index = h >>> 0;
  }
  const GOLDEN_ANGLE = 137.508;
  return hslToRgb(((index * GOLDEN_ANGLE + 120) % 360) / 360, 0.75, 0.55);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    const v = u < 1 / 6 ? p + (q - p) * 6 * u : u < 1 / 2 ? q : u < 2 / 3 ? p + (q - p) * (2 / 3 - u) * 6 : p;
    return Math.round(v * 255);
  };
  return [channel(h + 1 / 3), channel(h), channel(h - 1 / 3)];
}
