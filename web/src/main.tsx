import { render } from 'preact';
import './styles.css';
import { App } from './components/App';
import { ensureIsolation, noteIsolation } from './env/isolation';
import { loadEngine } from './run/engine';

noteIsolation();
// On hosts that cannot send COOP/COEP, a service worker adds them and the page reloads once.
ensureIsolation().then((reloading) => {
  if (!reloading) render(<App loadEngine={loadEngine} />, document.getElementById('app')!);
});
