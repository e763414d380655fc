// @ts-check
// One run on one engine module, the same way wherever the module lives (the
// page or Node's main thread for the threads build, a worker for the single
// build): start a Session, poll it for progress and spans, read its outcome.
// The engine answers in JSON; errors come back as values and become an
// EngineError (bad parameters, bad CSV: the engine's own message) or an
// AbortError (the run was cancelled).

export class EngineError extends Error {
  /** @param {string} message @param {string} kind */
  constructor(message, kind) {
    super(message);
    this.name = 'EngineError';
    /** 'run_error' (bad request or input) or 'internal' */
    this.kind = kind;
  }
}

/** @param {string} [message] */
export function abortError(message = 'The run was cancelled.') {
  return new DOMException(message, 'AbortError');
}

/** An error as it crosses a worker boundary (structured clone keeps no classes).
 * @param {{ kind: string, message: string }} error */
export function errorFromJson(error) {
  return error.kind === 'cancelled' ? abortError() : new EngineError(error.message, error.kind);
}

/** @param {unknown} error @returns {{ kind: string, message: string }} */
export function errorToJson(error) {
  if (error instanceof DOMException && error.name === 'AbortError') return { kind: 'cancelled', message: error.message };
  if (error instanceof EngineError) return { kind: error.kind, message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The engine's request JSON for a RunRequest (web/src/engine/types.ts).
 * @param {import('./types').RunRequest & { scenarioJson?: unknown }} request */
export function engineRequest(request) {
  return JSON.stringify({
    ...(request.scenarioJson !== undefined ? { scenario_json: request.scenarioJson } : { scenario: request.scenario }),
    mode: request.mode,
    threads: request.threads,
    gil: request.gil,
    params: request.params ?? {},
    ...(request.inputCsv !== undefined ? { input_csv: request.inputCsv } : {}),
  });
}

/** @param {string} text */
export function parseEngineAnswer(text) {
  const value = JSON.parse(text);
  if (value && value.error) throw errorFromJson(value.error);
  return value;
}

/**
 * A started run. Call poll() as often as the caller wants news, and outcome()
 * once finished() (or poll().finished) is true; then dispose().
 */
export class RunHandle {
  /** @param {any} module the Emscripten module @param {string} requestJson */
  constructor(module, requestJson) {
    this.session = new module.Session();
    /** @type {import('./types').Lane[]} */
    this.lanes = [];
    /** @type {import('./types').Span[]} */
    this.spans = [];
    try {
      parseEngineAnswer(this.session.start(requestJson));
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /** Reads progress and the spans recorded since the last poll.
   * @returns {import('./types').RunProgress & { finished: boolean }} */
  poll() {
    const news = parseEngineAnswer(this.session.poll());
    this.lanes = news.lanes;
    for (const span of news.spans) this.spans.push(span);
    return { fraction: news.fraction, newSpans: news.spans, lanes: news.lanes, finished: news.finished };
  }

  finished() {
    return this.session.finished();
  }

  cancel() {
    this.session.cancel();
  }

  /** After finished(): the run's output, or throws its error.
   * @returns {import('./types').RunOutput} */
  output() {
    this.poll(); // the last spans
    const outcome = parseEngineAnswer(this.session.outcome());
    /** @type {import('./types').RunOutput} */
    const output = { result: outcome.result, lanes: this.lanes, spans: this.spans };
    if (outcome.output_csv !== undefined) output.outputCsv = outcome.output_csv;
    return output;
  }

  chromeTrace() {
    return this.session.chromeTrace();
  }

  /** Frees the C++ session; a run still going is cancelled and waited for. */
  dispose() {
    if (this.session) this.session.delete();
    this.session = null;
  }
}
