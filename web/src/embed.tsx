import { render } from 'preact';
import './styles.css';
import { App } from './components/App';
import { reportHeightToParent } from './env/embed-height';
import { ensureIsolation, noteIsolation } from './env/isolation';
import { loadEngine } from './run/engine';

noteIsolation();
// Framed by a course page: tell it the content's height whenever it changes (web/public/embed-loader.js sizes the iframe to it).
reportHeightToParent();
// Inside an iframe the service worker is not used (isolation there depends on the parent page);
// opened on its own, the embed page behaves like the main page.
ensureIsolation().then((reloading) => {
  if (!reloading) render(<App loadEngine={loadEngine} compact />, document.getElementById('app')!);
});
