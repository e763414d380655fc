// C++ highlighting with Prism (bundled: only the clike, c and cpp grammars).
// Prism's tokens become plain {text, classes} segments that the panel renders
// as text nodes — never as HTML — split into lines so each keeps its number.
import './prism-setup';
import Prism from 'prismjs';
import 'prismjs/components/prism-clike';
import 'prismjs/components/prism-c';
import 'prismjs/components/prism-cpp';

export interface Segment {
  text: string;
  /** CSS classes: "tok-keyword", "tok-string", … ('' for plain text). */
  classes: string;
}

type Stream = string | Prism.Token | Array<string | Prism.Token>;

function flatten(stream: Stream, inherited: string[], out: Segment[]): void {
  if (typeof stream === 'string') {
    out.push({ text: stream, classes: inherited.join(' ') });
    return;
  }
  if (Array.isArray(stream)) {
    for (const s of stream) flatten(s, inherited, out);
    return;
  }
  const aliases = stream.alias ? (Array.isArray(stream.alias) ? stream.alias : [stream.alias]) : [];
  const classes = [...inherited, `tok-${stream.type}`, ...aliases.map((a) => `tok-${a}`)];
  flatten(stream.content as Stream, classes, out);
}

/** The text's lines, each a list of segments; as many lines as `text.split('\n')`. */
export function highlightLines(text: string): Segment[][] {
  const grammar = Prism.languages.cpp;
  const segments: Segment[] = [];
  if (grammar) flatten(Prism.tokenize(text, grammar), [], segments);
  else segments.push({ text, classes: '' });
  const lines: Segment[][] = [[]];
  for (const seg of segments) {
    const pieces = seg.text.split('\n');
    pieces.forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece) lines[lines.length - 1].push({ text: piece, classes: seg.classes });
    });
  }
  return lines;
}
