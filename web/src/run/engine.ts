// The one place the app touches the real engine loader (web/src/engine/, issue 4):
// threads build where the page is cross-origin isolated, single build otherwise.
import type { Engine } from '../engine/types';
import { loadEngine as load } from '../engine/index';

let engine: Promise<Engine> | undefined;

export const loadEngine = (): Promise<Engine> => (engine ??= load());
