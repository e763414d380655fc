#pragma once
// One spelling of the coroutine library for every compiler we build with:
// g++ 12 ships <coroutine>; Emscripten 3.1.6 (clang 14 + its libc++) only
// ships <experimental/coroutine>. Everything else includes this header and
// writes playground::coro::coroutine_handle, suspend_always, ...

#if __has_include(<coroutine>) && !defined(__EMSCRIPTEN__)
#include <coroutine>
namespace playground::coro {
using std::coroutine_handle;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
}  // namespace playground::coro
#elif __has_include(<experimental/coroutine>)
#include <experimental/coroutine>
namespace playground::coro {
using std::experimental::coroutine_handle;
using std::experimental::noop_coroutine;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
}  // namespace playground::coro
#else
#error "No coroutine support: need <coroutine> or <experimental/coroutine>"
#endif
