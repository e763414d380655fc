#include "core/machine.hpp"

#include <algorithm>
#include <thread>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>

// 0 when the host cannot tell. The same sources as the loader's pool size (bindings/pre.js).
// JavaScript, which clang-format would read as C++.
// clang-format off
EM_JS(int, playground_host_cores, (), {
  if (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) return navigator.hardwareConcurrency;
  if (typeof require === 'function') return require('os').cpus().length;
  return 0;
});
// clang-format on
#endif

namespace playground {

int machine_cores() {
#ifdef __EMSCRIPTEN__
  if (const int host = playground_host_cores(); host > 0) return host;
#endif
  // hardware_concurrency may answer 0 when it cannot tell: count one core then.
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace playground
