import { useMemo, useState } from "react";
import type { SampleFilter, SampleJSON } from "../api-types.js";
import { getSamples } from "./api.js";

/** Samples fetched per request. */
export const PAGE_SIZE = 100;

/** The filtered samples, fetched page by page as the grid asks for them. */
export interface SamplePages {
  /** Samples passing the filter; undefined until the first page arrives. */
  total: number | undefined;
  /** The error of the last failed fetch. */
  error: string | undefined;
  /** The sample at `index`, if its page has arrived. */
  at(index: number): SampleJSON | undefined;
  /** Fetches the pages holding indexes `from`..`to` that are not there yet. */
  ensure(from: number, to: number): void;
}

/** The pages fetched for one filter; a new filter gets a new cache, so late answers land in the old one. */
class PageCache {
  readonly pages = new Map<number, SampleJSON[] | "loading">();
  total: number | undefined;
  error: string | undefined;

  constructor(
    private readonly filter: SampleFilter,
    private readonly changed: () => void,
  ) {}

  load(page: number): void {
    if (this.pages.has(page)) return;
    this.pages.set(page, "loading");
    getSamples({ offset: page * PAGE_SIZE, limit: PAGE_SIZE, filter: this.filter })
      .then((res) => {
        this.pages.set(page, res.samples);
        this.total = res.total;
        this.changed();
      })
      .catch((err: unknown) => {
        this.pages.delete(page);
        this.error = err instanceof Error ? err.message : String(err);
        this.changed();
      });
  }
}

/** Pages of samples for `filter`; everything is refetched when the filter or the view version changes. */
export function useSamplePages(filter: SampleFilter, version: number): SamplePages {
  const key = `${version}:${JSON.stringify(filter)}`;
  const [tick, setTick] = useState(0);
  // The key stands for the filter: equal filters share a cache.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const cache = useMemo(() => new PageCache(filter, () => setTick((t) => t + 1)), [key]);
  return useMemo(
    () => ({
      total: cache.total,
      error: cache.error,
      at(index: number) {
        const page = cache.pages.get(Math.floor(index / PAGE_SIZE));
        return Array.isArray(page) ? page[index % PAGE_SIZE] : undefined;
      },
      ensure(from: number, to: number) {
        for (let p = Math.floor(from / PAGE_SIZE); p <= Math.floor(Math.max(from, to) / PAGE_SIZE); p++) cache.load(p);
      },
    }),
    // tick: a page arrived, so total and at() answer differently.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cache, tick],
  );
}
