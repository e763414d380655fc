// Chrome Trace Event JSON for a finished run, written by the engine's own
// exporter (wasm/core/trace.hpp: to_chrome_trace_json), so that the file a
// reader downloads is the same as the one the native CLI's --trace writes:
// the mode is a process of the trace, and so is each child of processes mode
// (the engine groups the lanes by the mode, wasm/cli/report.hpp: export_group).
import type { EngineModule } from './embind';
import type { RunOutput } from './types';

export function exportChromeTrace(module: Pick<EngineModule, 'chromeTrace'>, output: RunOutput, title?: string): string {
  const text: string = module.chromeTrace(
    JSON.stringify({
      title: title ?? `Concurrency Playground: ${output.result.mode}`,
      mode: output.result.mode,
      lanes: output.lanes,
      spans: output.spans,
      edges: output.edges ?? [],
    }),
  );
  const parsed = JSON.parse(text);
  if (parsed.error) throw new Error(parsed.error.message);
  return text;
}
