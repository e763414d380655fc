// What every sweep panel does the same way: run a series of measurements
// once started (cancellable, the page busy meanwhile, an error shown in
// words), and its controls: the mode, the panel's own settings, Run / Cancel.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { errorText, isAbort } from '../run/comparison';

export function useSweepRun(onBusy: (busy: boolean) => void) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const abort = useRef<AbortController | undefined>(undefined);
  /** Runs `measure` until it ends, fails (shown) or is cancelled (not an error). */
  const start = async (measure: (signal: AbortSignal) => Promise<void>) => {
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    onBusy(true);
    setError(undefined);
    try {
      await measure(controller.signal);
    } catch (e) {
      if (!isAbort(e)) setError(errorText(e));
    } finally {
      setRunning(false);
      onBusy(false);
    }
  };
  return { running, error, start, cancel: () => abort.current?.abort() };
}

interface ControlsProps {
  modes: string[];
  selected: string;
  onMode: (mode: string) => void;
  running: boolean;
  canRun: boolean;
  onRun: () => void;
  onCancel: () => void;
  children?: ComponentChildren;
}

export function SweepControls({ modes, selected, onMode, running, canRun, onRun, onCancel, children }: ControlsProps) {
  return (
    <div class="row">
      <label>
        Mode{' '}
        <select value={selected} onChange={(e) => onMode(e.currentTarget.value)} disabled={running}>
          {modes.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      {children}
      {running ? (
        <button type="button" onClick={onCancel}>
          Cancel sweep
        </button>
      ) : (
        <button type="button" class="primary" disabled={!canRun} onClick={onRun}>
          Run sweep
        </button>
      )}
    </div>
  );
}
