// Placeholder until the benchmark issue lands: it measures nothing and says so,
// so that `npm run bench` never prints numbers that do not exist.
console.log("modelzoo benchmarks: not implemented yet — nothing was measured.");
console.log("The benchmark suite (bare runtime vs modelzoo vs peer libraries) arrives with the benchmarks issue.");
