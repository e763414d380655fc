// Extraction of marked excerpts from C++ text: markers, dedent, line numbers,
// sites, joined blocks, shared excerpts, and every way a marker can be wrong.
import { describe, expect, it } from 'vitest';
import { buildBundle, extractFile, formatProblem, missingModes, sitesOf, usesOf, withoutSiteMarkers } from '../../web/src/code/extract';
import { findSite, siteLocations } from '../../web/src/code/lookup';

const SLEEP = `#include "core/sleep.hpp"

namespace playground {

namespace {
  // [excerpt sleep.serial]
  // One thread, two waits.
  void sleep_serial(const Waits& waits) {
    thread_sleep(waits.first_us, "first wait", "sleep.serial.wait");

    thread_sleep(waits.second_us, "second wait", "sleep.serial.wait");
  }
  // [/excerpt]
}

// [excerpt sleep.coroutines]
// [see also core.sleep]
Task<void> wait_for(EventLoop& loop, micros d) {
  co_await sleep(loop, d);  // the loop runs others meanwhile
}
// [/excerpt]

int helper() { return 1; }

// [excerpt sleep.coroutines]
Task<void> both(EventLoop& loop) {
  co_await gather(loop, wait_for(loop, 1), wait_for(loop, 2));
}
// [/excerpt]
}  // namespace playground
`;

const CORE = `// [excerpt core.sleep]
inline SleepAwaiter sleep(EventLoop& loop, micros d) {
  return SleepAwaiter(loop, d, "loop.sleep");
}
// [/excerpt]
void unmarked() { record("pc.consumer.get"); }
`;

const scenarios = [{ id: 'sleep', modes: ['serial', 'coroutines'] }];

describe('excerpt extraction', () => {
  it('removes the markers, dedents, keeps real line numbers and finds the sites', () => {
    const { blocks, problems } = extractFile('wasm/lessons/sleep/sleep_lesson.cpp', SLEEP);
    expect(problems).toEqual([]);
    const serial = blocks.find((b) => b.id === 'sleep.serial')!;
    expect(serial.part.lines.map((l) => l.text)).toEqual([
      '// One thread, two waits.',
      'void sleep_serial(const Waits& waits) {',
      '  thread_sleep(waits.first_us, "first wait", "sleep.serial.wait");',
      '',
      '  thread_sleep(waits.second_us, "second wait", "sleep.serial.wait");',
      '}',
    ]);
    expect(serial.part.lines.map((l) => l.n)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(serial.part.lines[2].sites).toEqual(['sleep.serial.wait']);
    expect(serial.part.lines[0].sites).toEqual([]);
  });

  it('joins blocks with one id in order and links shared excerpts', () => {
    const bundle = buildBundle(
      [
        { file: 'wasm/lessons/sleep/sleep_lesson.cpp', text: SLEEP },
        { file: 'wasm/core/sleep.hpp', text: CORE },
      ],
      scenarios,
    );
    expect(bundle.problems).toEqual([]);
    const co = bundle.excerpts['sleep.coroutines'];
    expect(co.parts).toHaveLength(2);
    expect(co.parts[0].lines[0].text).toBe('Task<void> wait_for(EventLoop& loop, micros d) {'); // [see also] is not shown
    expect(co.parts[1].lines[0].n).toBe(26);
    expect(co.seeAlso).toEqual(['core.sleep']);
    const sleepLine = co.parts[0].lines.find((l) => l.text.includes('co_await sleep'))!;
    expect(sleepLine.uses).toEqual(['loop.sleep']);
    expect(co.parts[1].lines.find((l) => l.text.includes('gather'))!.uses).toEqual(['loop.join']);
    // The serial excerpt names no site a shared excerpt records: nothing to see also.
    expect(bundle.excerpts['sleep.serial'].seeAlso).toEqual([]);
    expect(missingModes(bundle, scenarios)).toEqual([]);
    expect(missingModes(bundle, [{ id: 'sleep', modes: ['serial', 'threads'] }])).toEqual(['sleep.threads']);
  });

  it('finds a site in the mode excerpt first, then where a helper records it, and anywhere in the sources', () => {
    const bundle = buildBundle(
      [
        { file: 'wasm/lessons/sleep/sleep_lesson.cpp', text: SLEEP },
        { file: 'wasm/core/sleep.hpp', text: CORE },
      ],
      scenarios,
    );
    const serial = findSite(bundle, 'sleep.serial', 'sleep.serial.wait');
    expect(serial).toHaveLength(1);
    expect(serial[0].lines.map((l) => l.n)).toEqual([9, 11]);
    const co = findSite(bundle, 'sleep.coroutines', 'loop.sleep');
    expect(co.map((f) => [f.excerpt.id, f.how, f.lines.map((l) => l.n)])).toEqual([
      ['sleep.coroutines', 'uses', [19]],
      ['core.sleep', 'names', [3]],
    ]);
    expect(findSite(bundle, 'sleep.serial', 'pc.consumer.get')).toEqual([]);
    expect(siteLocations(bundle, 'pc.consumer.get')).toEqual([{ file: 'wasm/core/sleep.hpp', line: 6 }]);
    expect(siteLocations(bundle, 'toString')).toEqual([]);
  });

  it('reads sites from string literals and @site comments, not from numbers, file names or comments', () => {
    expect(sitesOf('q.put(x, "pc.producer.put"); // @site pc.producer.wait')).toEqual(['pc.producer.put', 'pc.producer.wait']);
    expect(sitesOf('format("0.1"); open("data.csv"); label("a b")')).toEqual([]);
    expect(usesOf('// co_await sleep(loop, 1) in a comment')).toEqual([]);
    expect(usesOf('while (auto j = co_await rows_read.get()) {')).toEqual(['queue.get']);
    expect(usesOf('co_await queue->put(std::move(item));')).toEqual(['queue.put']);
    expect(usesOf('for (const TaskHandle<void>& p : producers) co_await p;')).toEqual(['loop.join']);
    expect(usesOf('co_await yield(loop);')).toEqual([]);
  });

  it('puts a block marked with several ids in each of their excerpts', () => {
    const text = '// [excerpt sleep.serial, sleep.coroutines]\nvoid wait_for();\n// [/excerpt]\n// [excerpt sleep.coroutines]\nvoid both();\n// [/excerpt]\n';
    const bundle = buildBundle([{ file: 'a.cpp', text }], scenarios);
    expect(bundle.problems).toEqual([]);
    expect(bundle.excerpts['sleep.serial'].parts.map((p) => p.lines.map((l) => l.text))).toEqual([['void wait_for();']]);
    expect(bundle.excerpts['sleep.coroutines'].parts.map((p) => p.lines.map((l) => l.text))).toEqual([['void wait_for();'], ['void both();']]);
  });

  it('does not take a site mentioned in a comment for a site the line records', () => {
    expect(sitesOf('// Records a span (site "loop.sleep").')).toEqual([]);
    expect(sitesOf('end(state, "sleep", "loop.sleep");  // was "loop.nap"')).toEqual(['loop.sleep']);
    expect(sitesOf('open("http://x.y/a.b"); // "c.d"')).toEqual([]);
    expect(sitesOf("return 1'000'000 * t; // @site a.b")).toEqual(['a.b']);
    expect(sitesOf('put(c == \'"\' ? "q.put" : "q.put2"); // "z.z"')).toEqual(['q.put', 'q.put2']);
  });

  it('takes @site markers out of the shown code: a marker line names the next line of code', () => {
    const text = [
      '// [excerpt sleep.serial]',
      'for (auto& w : workers) {',
      '  // @site cpu.processes.start',
      '  // starts the child',
      '  w.spawn();',
      '  w.read();  // @site cpu.processes.compute',
      '  co_await yield(loop);  // asyncio.sleep(0)  @site event-loop.coroutines.turn',
      '}',
      '// [/excerpt]',
    ].join('\n');
    const { blocks, problems } = extractFile('a.cpp', text);
    expect(problems).toEqual([]);
    expect(blocks[0].part.lines.map((l) => [l.n, l.text, l.sites.join(' ')])).toEqual([
      [2, 'for (auto& w : workers) {', ''],
      [4, '  // starts the child', ''],
      [5, '  w.spawn();', 'cpu.processes.start'],
      [6, '  w.read();', 'cpu.processes.compute'],
      [7, '  co_await yield(loop);  // asyncio.sleep(0)', 'event-loop.coroutines.turn'],
      [8, '}', ''],
    ]);
    expect(withoutSiteMarkers('x(); // keep "@site" out of strings: "a.b"')).toBe('x(); // keep "@site" out of strings: "a.b"');
  });

  const problemsOf = (text: string, file = 'wasm/lessons/x.cpp') => buildBundle([{ file, text }], scenarios).problems.map(formatProblem);

  it('reports an excerpt that is never closed', () => {
    expect(problemsOf('// [excerpt sleep.serial]\nint x;\n')).toEqual(['wasm/lessons/x.cpp:1: [excerpt sleep.serial] is never closed with [/excerpt]']);
  });

  it('reports a close without an open, and an open inside an open', () => {
    expect(problemsOf('int x;\n// [/excerpt]\n')).toEqual(['wasm/lessons/x.cpp:2: [/excerpt] without an [excerpt ID] before it']);
    expect(problemsOf('// [excerpt sleep.serial]\nint x;\n// [excerpt sleep.coroutines]\nint y;\n// [/excerpt]\n')).toEqual([
      'wasm/lessons/x.cpp:3: [excerpt sleep.coroutines] starts before [excerpt sleep.serial] (line 1) is closed with [/excerpt]',
    ]);
  });

  it('reports empty excerpts, ids naming no scenario mode, malformed markers', () => {
    expect(problemsOf('// [excerpt sleep.serial]\n\n   \n// [/excerpt]\n')).toEqual(['wasm/lessons/x.cpp:1: excerpt sleep.serial is empty']);
    expect(problemsOf('// [excerpt sleep.threadz]\nint x;\n// [/excerpt]\n')).toEqual([
      'wasm/lessons/x.cpp:1: excerpt sleep.threadz names no scenario mode (scenarios/*.json)',
    ]);
    expect(problemsOf('// [excerpt Sleep]\nint x;\n// [/excerpt]\n')).toEqual([
      'wasm/lessons/x.cpp:1: "Sleep" is not an excerpt id: use <scenario>.<mode> or core.<name>',
      'wasm/lessons/x.cpp:3: [/excerpt] without an [excerpt ID] before it',
    ]);
    expect(problemsOf('// [excerpt]\nint x;\n')).toEqual(['wasm/lessons/x.cpp:1: malformed excerpt marker: // [excerpt]']);
    expect(problemsOf('// [excerpt core.gil]\nint x;\n// [see also core.pool]\n// [/excerpt]\n')).toEqual([
      'wasm/lessons/x.cpp:2: excerpt core.gil sees also core.pool, which is not marked anywhere',
    ]);
  });

  it('accepts CRLF sources', () => {
    const bundle = buildBundle([{ file: 'a.cpp', text: '// [excerpt sleep.serial]\r\n  sleep("sleep.serial.wait");\r\n// [/excerpt]\r\n' }], scenarios);
    expect(bundle.problems).toEqual([]);
    expect(bundle.excerpts['sleep.serial'].parts[0].lines).toEqual([{ n: 2, text: 'sleep("sleep.serial.wait");', sites: ['sleep.serial.wait'], uses: [] }]);
  });
});
