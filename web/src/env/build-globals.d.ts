// Constants `vite build` defines (web/plugins/site-plugin.ts); undefined in Node and on the dev server.

/** Each engine file's name in dist/engine/, named by its build's content: 'playground-threads.wasm' → 'playground-threads.1a2b3c4d5e6f.wasm'. */
declare const __PLAYGROUND_ENGINE_FILES__: Record<string, string> | undefined;
