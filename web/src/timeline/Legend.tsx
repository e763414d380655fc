import { STATES, STATE_COLOURS, STATE_NAMES } from './states';

export function Legend() {
  return (
    <ul class="legend" aria-label="Colours of the timeline">
      {STATES.map((s) => (
        <li key={s}>
          <span class="swatch" style={{ background: STATE_COLOURS[s] }} aria-hidden="true" />
          {STATE_NAMES[s]}
        </li>
      ))}
    </ul>
  );
}
