// Distance-matrix input: one of the course's CSV files or the reader's own, with the
// engine's message about a bad file shown next to it, and the output CSV to download.
import type { Scenario } from '../engine/types';
import { dataName } from '../scenarios';
import { groupDigits } from '../timeline/viewport';

export interface Upload {
  name: string;
  text: string;
}

interface Props {
  scenario: Scenario;
  /** Selected shipped file name, when no upload is used. */
  selected?: string;
  upload?: Upload;
  /** The engine's message about the input, from the last run. */
  error?: string;
  outputCsv?: string;
  disabled?: boolean;
  onSelect: (name: string) => void;
  onUpload: (upload: Upload | undefined) => void;
}

/** Saves text as a file through a Blob URL (never leaves the page). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DataPanel({ scenario, selected, upload, error, outputCsv, disabled, onSelect, onUpload }: Props) {
  const files = (scenario.data ?? []).map(dataName);
  return (
    <fieldset class="data" disabled={disabled}>
      <legend>Input data</legend>
      <div class="row">
        <label>
          Course file{' '}
          <select
            value={upload ? '' : selected}
            onChange={(e) => {
              onUpload(undefined);
              onSelect(e.currentTarget.value);
            }}
          >
            {upload && <option value="">(your file)</option>}
            {files.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          or your own CSV (name,latitude,longitude)
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              const reader = new FileReader();
              reader.onload = () => onUpload({ name: file.name, text: String(reader.result ?? '') });
              reader.onerror = () => onUpload({ name: file.name, text: '' });
              reader.readAsText(file);
            }}
          />
        </label>
      </div>
      <p class="small" aria-live="polite">
        Using <strong class="data-name">{upload ? upload.name : selected}</strong>
        {upload && ` (${groupDigits(upload.text.length)} characters)`}
        {upload && (
          <>
            {' '}
            ·{' '}
            <button type="button" onClick={() => onUpload(undefined)}>
              Use the course file
            </button>
          </>
        )}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {outputCsv !== undefined && (
        <button type="button" onClick={() => download('distances.csv', outputCsv, 'text/csv')}>
          Download output CSV
        </button>
      )}
    </fieldset>
  );
}
