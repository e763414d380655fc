// The excerpts of the engine's sources, extracted by the build (web/plugins/excerpts-plugin.ts).
import bundle from 'virtual:excerpts';
import type { ExcerptBundle } from './types';

export const excerpts: ExcerptBundle = bundle;
