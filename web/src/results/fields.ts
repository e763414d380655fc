// How the results' details column names a lesson's own result fields: as the
// lesson talks about them, with their units. Engine internals (checksums,
// step counts, a model's inner numbers) are left out here; they stay in the
// run's JSON and its trace. Fields not listed are shown by their name.

const num = (v: number): string => String(Number.isInteger(v) ? v : Number(v.toPrecision(4)));
const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${num(v)} ms`);
const rate = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} M/s` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k/s` : `${num(v)}/s`);
/** A ratio: two decimals, or two significant digits below 0.1 (0.0030×, not 0.00×). */
export const times = (v: number): string => `${v >= 0.1 || v === 0 ? v.toFixed(2) : v.toPrecision(2)}×`;

/** Field → its label (may be empty: the value's text says it all) and how its value reads. */
const FIELDS: Record<string, { label: string; format: (v: number) => string }> = {
  // cpu-bound
  achieved_ms_per_job: { label: 'each job took', format: ms },
  gil_handoffs: { label: 'GIL hand-offs', format: num },
  // processes (engine/processes.ts): start-up and copying, apart from the work
  workers_started_before_ms: { label: 'workers started before the run, in', format: ms },
  workers_started_for_run_ms: { label: 'workers started after the click, before the timing, in', format: ms },
  startup_ms: { label: 'start-up within the run', format: ms },
  copy_in_ms: { label: 'copying the work in', format: ms },
  value: { label: 'answer', format: num },
  calls: { label: 'calls', format: num },
  ns_per_call: { label: 'per call', format: (v) => `${num(v)} ns` },
  // distance matrix
  locations: { label: 'locations', format: num },
  pairs: { label: 'pairs', format: num },
  kernel_ms: { label: 'computing the distances', format: ms },
  format_ms: { label: 'formatting the output', format: ms },
  queue_capacity: { label: 'queues hold up to', format: (v) => `${num(v)} rows` },
  processes: { label: 'processes', format: num },
  // io requests
  max_latency_ms: { label: 'slowest request', format: ms },
  sum_latency_ms: { label: 'all requests added up', format: ms },
  // event loop
  actions: { label: 'actions', format: num },
  actions_per_s: { label: 'actions per second', format: rate },
  us_per_action: { label: 'per action', format: (v) => `${num(v)} µs` },
  rounds: { label: '', format: (v) => `median of ${num(v)} rounds` },
  shown_round: { label: 'timeline shows round', format: num },
  ceiling: { label: 'ceiling on this machine', format: times },
  // producer-consumer (and the server: throughput)
  items_consumed: { label: 'items consumed', format: num },
  peak_queue_depth: { label: 'queue held at most', format: (v) => `${num(v)} ${v === 1 ? 'item' : 'items'}` },
  throughput_per_s: { label: 'throughput', format: rate },
  // amdahl
  serial_part_ms: { label: 'serial part', format: ms },
  parallel_part_ms: { label: 'parallel part', format: ms },
  serial_ms: { label: 'on one thread', format: ms },
  measured_speedup: { label: 'measured speed-up', format: times },
  predicted_speedup: { label: 'Amdahl predicts', format: times },
  parallelism: { label: 'threads running at once (threads, at most the cores)', format: num },
  speedup_limit: { label: 'never above', format: times },
  // server load
  arrived: { label: 'arrived', format: num },
  completed: { label: 'completed', format: num },
  rejected: { label: 'rejected (503)', format: num },
  offered_rate_per_s: { label: 'offered', format: rate },
  cpu_ms_per_request: { label: 'CPU per request', format: ms },
  peak_backlog: { label: 'most waiting in the backlog', format: num },
  peak_live_threads: { label: 'most threads alive', format: num },
  cap_waits: { label: 'requests that waited for a thread to end', format: num },
  p50: { label: 'p50', format: ms },
  p95: { label: 'p95', format: ms },
  p99: { label: 'p99', format: ms },
  mean: { label: 'mean', format: ms },
  max: { label: 'max', format: ms },
  servers: { label: 'servers', format: num },
  service_ms: { label: 'service time', format: ms },
  utilisation: { label: 'utilisation', format: (v) => `${Math.round(v * 100)} %` },
  capacity_per_s: { label: 'capacity', format: rate },
  response_ms: { label: 'mean response', format: ms },
  // thread safety: the shared counter, and the transfers between two accounts
  actual: { label: 'counter reached', format: num },
  expected: { label: 'expected', format: num },
  lost_updates: { label: 'updates lost', format: num },
  gil_switches: { label: 'GIL switches', format: num },
  lock_waits: { label: 'lock waits', format: num },
  lock_wait_ms: { label: 'time waiting for locks', format: ms },
  transfers_completed: { label: 'transfers done', format: num },
  total_after: { label: 'money in both accounts after', format: num },
  total_before: { label: 'before', format: num },
  retries: { label: 'backed off and retried', format: (v) => `${num(v)} ${v === 1 ? 'time' : 'times'}` },
};

/** Objects of fields, by what they hold: "time in the queue: p50 2 ms, …". */
const OBJECTS: Record<string, string> = {
  queue_ms: 'time in the queue',
  service_ms: 'time being served',
  model: 'M/M/c model',
  balances: 'balances',
};

/** Text and list fields, by what they say: "first wait finished". */
const TEXTS: Record<string, string> = {
  first: 'first wait',
  second: 'second wait',
  completion_order: 'requests answered in the order',
};

/** Ranges, read as [low, high]. */
const RANGES: Record<string, { label: string; format: (v: number) => string }> = {
  actions_per_s_range: { label: 'rounds ranged', format: rate },
  range_ms: { label: 'rounds ranged', format: ms },
  speedup_range: { label: 'speed-up ranged', format: times },
  ceiling_range: { label: 'ceiling ranged', format: times },
};

/** Internals: correct, but not what the lesson talks about (or said by another field: cap_note says cap_waits;
 *  the latency column says the time being served). */
const INTERNAL = new Set([
  'checksum',
  'steps_per_job',
  'per_job',
  'predicted_ms',
  'resumes',
  'resumes_per_call',
  'tasks',
  'cores',
  'fib_n',
  'stable',
  'cpu_ms_per_request',
  'cap_waits',
  'peak_live_threads',
  'median_ms', // the wall time column
  'out_of_order', // completion_order shows it
  'cancelled', // first and second say it
  'finished',
]);

type Json = Record<string, unknown>;
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Objects said in one short phrase, instead of field by field. */
const SUMMARIES: Record<string, (v: Json) => string | undefined> = {
  // distance matrix, one thread per task: how many were started and how many lived at once
  thread_per_task: (v) => {
    const started = n(v.threads_started);
    const peak = n(v.peak_live);
    if (started === undefined || peak === undefined) return undefined;
    const note = typeof v.note === 'string' && v.note ? `; ${v.note.slice(0, 160)}` : '';
    return `${num(started)} threads started, at most ${num(peak)} alive at once${note}`;
  },
  // distance matrix, coroutine pipeline: the most rows that waited between its stages
  peak_queue_depth: (v) => {
    const read = n(v.rows_read);
    const computed = n(v.rows_computed);
    if (read === undefined || computed === undefined) return undefined;
    return `most rows waiting: ${num(read)} read and not yet computed, ${num(computed)} computed and not yet written`;
  },
  // thread safety: whether the engine found a cycle of lock waits, when, and who held what
  deadlock: (v) => {
    if (v.detected !== true) return 'no deadlock';
    const after = n(v.after_ms);
    const cycle = typeof v.cycle === 'string' ? `: ${v.cycle.slice(0, 240)}` : '';
    return `deadlock detected${after === undefined ? '' : ` after ${ms(after)}`}${cycle}`;
  },
  // server load: the backlog's share of the response time
  queue_ms: (v) => (n(v.p95) === undefined ? undefined : `waited in the backlog: p95 ${ms(n(v.p95)!)}`),
  service_ms: () => undefined,
  gil_stats: (v) => (n(v.handoffs) === undefined ? undefined : `GIL hand-offs ${num(n(v.handoffs)!)}`),
  // server load: what M/M/c predicts for the tightest resource at the offered rate
  model: (v) => {
    const capacity = n(v.capacity_per_s);
    const where = `M/M/c for ${String(v.servers ?? '')} × ${String(v.bottleneck ?? 'server').slice(0, 40)}`;
    const cap = capacity === undefined ? '' : `, capacity ${rate(capacity)}`;
    const response = n(v.response_ms);
    if (response !== undefined) return `${where}${cap}: predicts a mean response of ${ms(response)}`;
    const load = n(v.utilisation);
    return `${where}${cap}: overloaded${load === undefined ? '' : ` (offered ${Math.round(load * 100)} % of it)`}, the backlog grows`;
  },
};

/** Text fields that are a sentence already: shown without their name. */
const SENTENCES = new Set(['cap_note', 'spread_note']);

/** One result field as the details column shows it, or undefined to leave it out. */
/** Whether the details column says this field in the lesson's words (or leaves it out on purpose),
 *  rather than by its engine name. */
export const describedField = (key: string): boolean =>
  INTERNAL.has(key) || key in FIELDS || key in RANGES || key in OBJECTS || key in SUMMARIES || key in TEXTS || SENTENCES.has(key);

export function fieldText(key: string, value: unknown): string | undefined {
  if (INTERNAL.has(key)) return undefined;
  const known = FIELDS[key];
  if (known && typeof value === 'number' && Number.isFinite(value)) return known.label ? `${known.label} ${known.format(value)}` : known.format(value);
  const range = RANGES[key];
  if (range && Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
    return `${range.label} ${range.format(value[0])}–${range.format(value[1])}`;
  }
  if (typeof value === 'number') return `${key} ${num(value)}`;
  if (SENTENCES.has(key) && typeof value === 'string') return value.slice(0, 240);
  const summary = SUMMARIES[key];
  if (summary && value && typeof value === 'object' && !Array.isArray(value)) return summary(value as Json);
  // 120 characters: enough for a deadlock's cycle in words, bounded for hostile input.
  const name = TEXTS[key] ?? key;
  if (typeof value === 'boolean' || typeof value === 'string') return `${name} ${String(value).slice(0, 120)}`;
  if (Array.isArray(value) && value.length <= 12 && value.every((v) => typeof v !== 'object')) return `${name} [${value.join(', ')}]`;
  // An object of such values, field by field ("deadlock: detected true, after_ms 112, cycle thread 1 holds…").
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const inner = Object.entries(value).flatMap(([k, v]) => {
      const text = typeof v === 'object' ? undefined : fieldText(k, v);
      return text === undefined ? [] : [text];
    });
    return inner.length ? `${OBJECTS[key] ?? key}: ${inner.join(', ')}` : undefined;
  }
  return undefined;
}
