// Preact's core has no memo(): this is the same idea. The wrapped component
// re-renders when its parent renders it with a prop that changed (compared by
// identity), or on its own state; not on every render of the page. The page
// re-renders as each run starts and ends, and re-diffing the code panel's
// hundreds of highlighted lines then was most of that work.
import { Component, type FunctionComponent, h } from 'preact';

export function memoized<P extends object>(Inner: FunctionComponent<P>): FunctionComponent<P> {
  class Memoized extends Component<P> {
    shouldComponentUpdate(next: P): boolean {
      const before = this.props as Record<string, unknown>;
      const after = next as Record<string, unknown>;
      const keys = Object.keys(after);
      return keys.length !== Object.keys(before).length || keys.some((k) => after[k] !== before[k]);
    }

    render() {
      return h(Inner, this.props);
    }
  }
  return Memoized as unknown as FunctionComponent<P>;
}
