// What this browser gives the playground: isolation, cores, which engine build.
import type { BuildFlavour } from '../engine/types';
import type { Environment } from '../env/isolation';

interface Props {
  env: Environment;
  flavour?: BuildFlavour;
  /** The engine loader's own finding on thread support (shown as a detail). */
  detected?: string;
  engineError?: string;
  reason?: string;
  fullPageHref: string;
}

export function EnvPanel({ env, flavour, detected, engineError, reason, fullPageHref }: Props) {
  return (
    <section class="panel env" aria-labelledby="env-title">
      <h2 id="env-title">Environment</h2>
      <ul>
        <li>
          Cross-origin isolated: <strong>{env.isolated ? 'yes' : 'no'}</strong>
        </li>
        <li>
          Cores reported by the browser: <strong>{env.cores}</strong>
        </li>
        <li>
          Engine build:{' '}
          <strong>
            {engineError
              ? 'failed to load'
              : flavour === 'threads'
                ? 'threads (WebAssembly pthreads)'
                : flavour === 'single'
                  ? 'single (no threads)'
                  : 'loading…'}
          </strong>
        </li>
        {env.inIframe && <li>Running inside an iframe.</li>}
        {flavour === 'single' && detected && <li>Thread check: {detected}</li>}
      </ul>
      {engineError && <p class="error">{engineError}</p>}
      {reason && (
        <p id="threads-unavailable">
          {reason}{' '}
          {env.inIframe && (
            <a href={fullPageHref} target="_blank" rel="noopener">
              Open the full page
            </a>
          )}
        </p>
      )}
    </section>
  );
}
