import type { Lane, RunOutput, RunProgress, RunRequest, Span } from './types';

/** Bad parameters or input ('run_error', with the engine's message) or an engine failure ('internal'). */
export class EngineError extends Error {
  constructor(message: string, kind: string);
  readonly kind: string;
}
export function abortError(message?: string): DOMException;
export function errorFromJson(error: { kind: string; message: string }): Error;
export function errorToJson(error: unknown): { kind: string; message: string };
export function engineRequest(request: RunRequest & { scenarioJson?: unknown }): string;
export function engineText(view: Uint8Array): string;
export function parseEngineAnswer(answer: string | Uint8Array): any;

export const SPANS_PER_POLL: number;
export const CSV_CHUNK_BYTES: number;

export class RunHandle {
  constructor(module: any, requestJson: string);
  lanes: Lane[];
  spans: Span[];
  poll(maxSpans?: number): RunProgress & { finished: boolean; more: boolean };
  finished(): boolean;
  cancel(): void;
  output(): RunOutput;
  outputInChunks(): Promise<RunOutput>;
  chromeTrace(): string;
  dispose(): void;
}
