// The one rule the timing tests share for a shared 2-core machine: a time is
// only judged when, by the 1-minute load average, a core is left over.
import { availableParallelism, loadavg } from 'node:os';

/** Whether a core is free now: the load average leaves at least one of the machine's cores idle. */
export const coreToSpare = (): boolean => loadavg()[0] + 1 < availableParallelism();
