// Reproducible random locations, as the course's CSV (with the optional
// header row the reader skips): the same data for the Node tests and the
// benchmarks, run after run.

/** A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random locations as the course's CSV (name,latitude,longitude). */
export function randomLocationsCsv(count: number, seed = 1): string {
  const random = seeded(seed);
  const lines = ['name,latitude,longitude'];
  for (let i = 0; i < count; i++) {
    lines.push(`place ${i},${(random() * 180 - 90).toFixed(6)},${(random() * 360 - 180).toFixed(6)}`);
  }
  return `${lines.join('\n')}\n`;
}
