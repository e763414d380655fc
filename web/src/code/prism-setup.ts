// Imported before prismjs: the code panel calls Prism itself, so Prism must not
// highlight the page on load on its own (manual) nor listen for worker messages.
const g = globalThis as { Prism?: object; window?: { Prism?: object } };
const settings = { manual: true, disableWorkerMessageHandler: true };
g.Prism = settings;
if (g.window) g.window.Prism = settings;
export {};
