// The one rule the timing tests share for a shared 2-core machine: a time is
// only judged when, by the 1-minute load average, a core is left over.
import { availableParallelism, loadavg } from 'node:os';

/** Whether a core is free now: the load average leaves at least one of the machine's cores idle. */
export const coreToSpare = (): boolean => loadavg()[0] + 1 < availableParallelism();

/** Resolves once this process has been quiet for a tenth of a second (under a tenth of a core), or
 *  after `limitMs`. A second fresh engine in one Node process goes on working after it resolves:
 *  V8's background threads used both cores for about a quarter of a second more (a page's engine
 *  does not), and a run started meanwhile measured that, not its own code. A reader clicks on an
 *  engine at rest. */
export async function processAtRest(limitMs = 3000): Promise<void> {
  const end = performance.now() + limitMs;
  while (performance.now() < end) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < 10) return;
  }
}
