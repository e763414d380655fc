// The module web/plugins/excerpts-plugin.ts generates from the C++ sources.
declare module 'virtual:excerpts' {
  const bundle: import('./types').ExcerptBundle;
  export default bundle;
  /** Hash of the sources it was built from (sourceDigest in web/plugins/excerpts-plugin.ts). */
  export const digest: string;
}
