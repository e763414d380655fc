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
    /** 'run_error' (bad request or input), 'fault' (the engine stopped: faultError) or 'internal' */
    this.kind = kind;
  }
}

/** The error of a run that an engine fault ended (an abort, running out of
 * memory, a thread that died): its module is unusable and is loaded again.
 * @param {string} what the fault, as the module reported it */
export function faultError(what) {
  const first = what.split('. Build with')[0]; // Emscripten's advice is for its own developers
  return new EngineError(`the engine stopped (${first}): this run failed, and the engine is loaded again for the next one`, 'fault');
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

/** Tests only (tests/e2e/fault.e2e.ts): a page's next run (a loading
 * engine's warm-up run too) is made to fault when
 * globalThis.playgroundTestFault is 'abort' (used once, then cleared),
 * as RunRequest.testFault does for a test that calls the engine itself. */
function takeTestFault() {
  const g = /** @type {{ playgroundTestFault?: 'abort' }} */ (globalThis);
  const fault = g.playgroundTestFault;
  g.playgroundTestFault = undefined;
  return fault;
}

/** The engine's request JSON for a RunRequest (web/src/engine/types.ts).
 * @param {import('./types').RunRequest & { scenarioJson?: unknown }} request */
export function engineRequest(request) {
  const testFault = request.testFault ?? takeTestFault();
  return JSON.stringify({
    ...(request.scenarioJson !== undefined ? { scenario_json: request.scenarioJson } : { scenario: request.scenario }),
    mode: request.mode,
    threads: request.threads,
    gil: request.gil,
    params: request.params ?? {},
    ...(request.inputCsv !== undefined ? { input_csv: request.inputCsv } : {}),
    ...(testFault !== undefined ? { test_fault: testFault } : {}),
  });
}

const utf8 = new TextDecoder();

/** An answer the engine hands over as bytes (a Uint8Array view of its
 * memory, valid until its next call): copied out, then decoded at once.
 * @param {Uint8Array} view */
export function engineText(view) {
  return utf8.decode(view.slice());
}

/** An answer of the engine, as the caller expects it (embind.ts lists their
 * shapes), or the engine's error thrown.
 * @template [T=unknown]
 * @param {string | Uint8Array} answer
 * @returns {T} */
export function parseEngineAnswer(answer) {
  const value = JSON.parse(typeof answer === 'string' ? answer : engineText(answer));
  if (value?.error) throw errorFromJson(value.error);
  return value;
}

/** Spans per poll: about 2 ms of work on a loaded machine (the spans cross as
 * JSON), so that polling from the page's thread never makes a long task. */
export const SPANS_PER_POLL = 2000;
/** Bytes of output CSV per read: about 2 ms of copying and decoding. */
export const CSV_CHUNK_BYTES = 1 << 20;

/**
 * A started run. Call poll() as often as the caller wants news, and outcome()
 * once finished() (or poll().finished) is true; then dispose().
 */
export class RunHandle {
  /** @param {import('./embind').EngineModule} module the Emscripten module @param {string} requestJson */
  constructor(module, requestJson) {
    /** The C++ session; null once disposed. @type {import('./embind').EngineSession | null} */
    this.session = new module.Session();
    /** Bytes of output CSV the finished run made (read by outputWithoutCsv). */
    this.csvBytes = 0;
    /** @type {import('./types').Lane[]} */
    this.lanes = [];
    /** @type {import('./types').Span[]} */
    this.spans = [];
    /** @type {import('./types').Edge[]} */
    this.edges = [];
    try {
      parseEngineAnswer(this.session.start(requestJson));
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /** Reads progress and at most `maxSpans` of the spans not yet read: the
   * cost of one call is bounded (see SPANS_PER_POLL). `more` says that spans
   * are waiting; `finished` that the run ended and every span was read.
   * @param {number} [maxSpans]
   * @returns {import('./types').RunProgress & { finished: boolean, more: boolean, newEdges: import('./types').Edge[] }} */
  poll(maxSpans = SPANS_PER_POLL) {
    /** @type {import('./embind').PollAnswer} */
    const news = parseEngineAnswer(this.live().poll(maxSpans));
    if (news.lanes) this.lanes = news.lanes;
    for (const span of news.spans) this.spans.push(span);
    const newEdges = news.edges ?? [];
    for (const edge of newEdges) this.edges.push(edge);
    return { fraction: news.fraction, newSpans: news.spans, newEdges, lanes: this.lanes, finished: news.finished, more: news.more };
  }

  finished() {
    return this.live().finished();
  }

  cancel() {
    this.live().cancel();
  }

  /** Where the C++ session lives, for ccall('playground_execute', …) (single build). */
  address() {
    return this.live().address();
  }

  /** After poll() said finished: the run's output, or throws its error.
   * Synchronous callers (a worker) may call it once finished() is true: it
   * then reads the spans left and the whole output CSV in one go.
   * @returns {import('./types').RunOutput} */
  output() {
    const output = this.outputWithoutCsv();
    const csv = this.csvReader();
    if (csv) {
      while (!csv.done()) csv.next();
      output.outputCsv = csv.text();
    }
    return output;
  }

  /** As output(), but the output CSV is read a chunk per task: none of them
   * makes a long task on the page's thread (14 MB for 1 000 locations).
   * @returns {Promise<import('./types').RunOutput>} */
  async outputInChunks() {
    const output = this.outputWithoutCsv();
    const csv = this.csvReader();
    if (csv) {
      while (!csv.done()) {
        csv.next();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      output.outputCsv = csv.text();
    }
    return output;
  }

  /** @private @returns {import('./types').RunOutput} */
  outputWithoutCsv() {
    while (!this.poll().finished); // the last spans, if any are left
    /** @type {import('./embind').OutcomeAnswer} */
    const outcome = parseEngineAnswer(this.live().outcome());
    this.csvBytes = outcome.output_csv_bytes ?? 0;
    return { result: outcome.result, lanes: this.lanes, spans: this.spans, edges: this.edges };
  }

  /** @private Reads the output CSV CSV_CHUNK_BYTES at a time. */
  csvReader() {
    const size = this.csvBytes;
    const session = this.live();
    if (size === 0) return undefined;
    const decoder = new TextDecoder();
    // Grown piece by piece: V8 keeps `a + b` as a pair of strings until
    // something reads the characters, so no single step copies the whole text
    // (joining an array of 1 MB pieces at the end did: 55 ms for 20 MB, one
    // long task on the page as the run ended).
    let text = '';
    let offset = 0;
    return {
      done: () => offset >= size,
      // Up to CSV_CHUNK_BYTES per call, in as many views as that takes: a
      // view may be shorter than asked (the engine keeps the CSV as it made
      // it, a chunk per row); an empty one means the engine has no more.
      next: () => {
        const end = Math.min(size, offset + CSV_CHUNK_BYTES);
        while (offset < end) {
          const bytes = session.outputCsv(offset, end - offset).slice();
          if (bytes.length === 0) throw new Error(`output CSV ended at byte ${offset} of ${size}`);
          text += decoder.decode(bytes, { stream: true });
          offset += bytes.length;
        }
      },
      text: () => text + decoder.decode(),
    };
  }

  chromeTrace() {
    return this.live().chromeTrace();
  }

  /** @private The C++ session, or an error once disposed. */
  live() {
    if (!this.session) throw new Error('the run was disposed');
    return this.session;
  }

  /** Frees the C++ session; a run still going is cancelled and waited for. */
  dispose() {
    if (this.session) this.session.delete();
    this.session = null;
  }
}
