import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import type { SampleJSON } from "../api-types.js";
import { PatchCard } from "./PatchCard.js";
import { SampleCard } from "./SampleCard.js";
import type { SamplePages } from "./use-sample-pages.js";

/** Props of {@link Grid}. */
export interface GridProps {
  pages: SamplePages;
  cardSize: number;
  fields: string[];
  skeletons: Record<string, [number, number][]>;
  onOpen: (sample: SampleJSON) => void;
}

const GAP = 8;

/**
 * The samples as a grid of cards. Rows are virtualized (@tanstack/react-virtual): only
 * the rows on screen (and a few around) exist in the page, and their samples are
 * fetched a page at a time, so views of thousands of samples scroll smoothly.
 */
export function Grid({ pages, cardSize, fields, skeletons, onOpen }: GridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width - GAP) / (cardSize + GAP)));
  const total = pages.total ?? 0;
  const rows = Math.ceil(total / columns);
  // The virtualizer is read fresh on every render; nothing memoizes this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => cardSize + GAP, overscan: 3 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    // Before the first answer the total is unknown: ask for the first page.
    if (pages.total === undefined) pages.ensure(0, 0);
    else if (total > 0) pages.ensure(first * columns, Math.min(total - 1, (last + 1) * columns - 1));
  }, [first, last, columns, total, pages]);

  return (
    <div ref={scroller} className="grid-scroller" data-testid="grid" data-total={pages.total ?? ""}>
      {pages.error && <div className="error">{pages.error}</div>}
      {pages.total === 0 && <div className="empty">No samples match the filters.</div>}
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((row) => (
          <div key={row.key} className="grid-row" style={{ transform: `translateY(${row.start}px)`, gap: GAP, padding: `0 ${GAP}px` }}>
            {Array.from({ length: columns }, (_, c) => {
              const index = row.index * columns + c;
              if (index >= total) return null;
              const sample = pages.at(index);
              if (sample?._patch) return <PatchCard key={`patch-${index}`} sample={sample} size={cardSize} onOpen={onOpen} />;
              return sample ? (
                <SampleCard key={sample.id} sample={sample} size={cardSize} fields={fields} skeletons={skeletons} onOpen={onOpen} />
              ) : (
                <div key={`placeholder-${index}`} className="card placeholder" style={{ width: cardSize, height: cardSize }} />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
