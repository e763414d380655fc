// The lost update: `threads` threads (or coroutines) each add 1 to one shared
// counter `increments` times. `counter += 1` in Python is a read, an add and
// a store; here the read and the store are two steps too, with a little work
// between them (work_us: the rest of the loop body), and each mode protects
// that read-modify-write differently, or not at all.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/cpu_work.hpp"
#include "core/event_loop.hpp"
#include "core/gil.hpp"
#include "core/sleep.hpp"
#include "core/task.hpp"
#include "lessons/thread_safety/lesson_lock.hpp"
#include "lessons/thread_safety/thread_safety_run.hpp"
#include "run/lesson_support.hpp"
#include "run/runners.hpp"

namespace playground::lessons::thread_safety {

namespace {

// The counter every thread shares. std::atomic only so that the C++ is
// well-defined (no data race, ThreadSanitizer stays quiet): the unsafe modes
// use a separate relaxed load and store, which is exactly Python's read,
// then write; an update made between them by another thread is overwritten.
using Counter = std::atomic<std::int64_t>;

// One increment's worth of other work, between the read and the write: the
// window in which another thread can slip in. Returns a checksum so that the
// work cannot be optimised away.
struct Work {
  std::uint64_t steps = 0;
  [[nodiscard]] std::uint64_t operator()(std::uint64_t seed) const {
    return steps == 0 ? seed : cpu_steps(steps, seed);
  }
};

// Checks for cancellation every this many increments.
constexpr std::int64_t kCancelEvery = 256;

void check_cancel(const CancelToken* cancel, std::int64_t i) {
  if (i % kCancelEvery == 0 && cancel != nullptr) cancel->throw_if_cancelled();
}

// [excerpt thread-safety.unsafe]
// Read, work, write: two steps, like `counter += 1` in Python. If another
// thread writes between our read and our write, its update is lost.
std::uint64_t add_unsafe(Counter& counter, std::int64_t increments, Work work, const CancelToken* cancel) {
  std::uint64_t checksum = 0;
  for (std::int64_t i = 0; i < increments; ++i) {
    check_cancel(cancel, i);
    const std::int64_t value = counter.load(std::memory_order_relaxed);  // read
    checksum ^= work(static_cast<std::uint64_t>(value));
    counter.store(value + 1, std::memory_order_relaxed);  // write: value may be stale by now
  }
  return checksum;
}
// [/excerpt]

// [excerpt thread-safety.gil]
// The same read and write, holding the simulated GIL. Only one thread runs at
// a time, yet updates are lost: the interpreter may switch threads between
// any two bytecodes, and the eval breaker sits between our read and write.
std::uint64_t add_with_gil(Gil& gil, Counter& counter, std::int64_t increments, Work work, const CancelToken* cancel) {
  GilHold hold(&gil, "thread-safety.gil.acquire");
  std::uint64_t checksum = 0;
  for (std::int64_t i = 0; i < increments; ++i) {
    check_cancel(cancel, i);
    const std::int64_t value = counter.load(std::memory_order_relaxed);  // read
    checksum ^= work(static_cast<std::uint64_t>(value));
    gil_checkpoint("thread-safety.gil.switch");           // the GIL may change hands here
    counter.store(value + 1, std::memory_order_relaxed);  // write: the other thread's updates are lost
  }
  return checksum;
}
// [/excerpt]

// [excerpt thread-safety.lock]
// The read-modify-write under a lock: exact, but the threads take turns,
// and every turn a thread waits for is time lost (lock_wait_ms).
std::uint64_t add_with_lock(LockTable& locks, int me, int counter_lock, Counter& counter, std::int64_t increments,
                            Work work, const CancelToken* cancel) {
  std::uint64_t checksum = 0;
  for (std::int64_t i = 0; i < increments; ++i) {
    check_cancel(cancel, i);
    LockGuard guard(locks, me, counter_lock);  // @site thread-safety.wait @site thread-safety.holding
    const std::int64_t value = counter.load(std::memory_order_relaxed);
    checksum ^= work(static_cast<std::uint64_t>(value));
    counter.store(value + 1, std::memory_order_relaxed);
  }
  return checksum;
}
// [/excerpt]

// [excerpt thread-safety.atomic]
// One indivisible add: nothing can come between the read and the write, and
// nobody waits. The work runs outside it, in parallel.
std::uint64_t add_atomic(Counter& counter, std::int64_t increments, Work work, const CancelToken* cancel) {
  std::uint64_t checksum = 0;
  for (std::int64_t i = 0; i < increments; ++i) {
    check_cancel(cancel, i);
    checksum ^= work(static_cast<std::uint64_t>(i));
    counter.fetch_add(1, std::memory_order_relaxed);  // relaxed: only the final sum matters, read after join
  }
  return checksum;
}
// [/excerpt]

// [excerpt thread-safety.local-then-merge]
// Each thread counts in its own variable, shared with nobody, and adds its
// tally to the counter once, at the end: one shared write per thread.
std::uint64_t add_local_then_merge(Counter& counter, std::int64_t increments, Work work, const CancelToken* cancel) {
  std::uint64_t checksum = 0;
  std::int64_t tally = 0;
  for (std::int64_t i = 0; i < increments; ++i) {
    check_cancel(cancel, i);
    checksum ^= work(static_cast<std::uint64_t>(i));
    ++tally;
  }
  counter.fetch_add(tally, std::memory_order_relaxed);
  return checksum;
}
// [/excerpt]

// [excerpt thread-safety.coroutines]
// Coroutines on one thread never run at the same time, so `counter = value
// + 1` is safe... unless the task awaits between the read and the write:
// then the other tasks run, and their updates are overwritten.
Task<void> add_in_task(EventLoop& loop, std::int64_t& counter, std::int64_t increments, bool await_between, Work work,
                       std::uint64_t& checksum) {
  for (std::int64_t i = 0; i < increments; ++i) {
    const std::int64_t value = counter;  // read
    checksum ^= work(static_cast<std::uint64_t>(value));
    // Like `await asyncio.sleep(0)`: the other tasks run here.
    if (await_between) co_await sleep(loop, 0, "await between read and write");
    counter = value + 1;  // write
  }
}
// [/excerpt]

Task<void> all_tasks(EventLoop& loop, int tasks, std::int64_t& counter, std::int64_t increments, bool await_between,
                     Work work, std::uint64_t& checksum) {
  std::vector<TaskHandle<void>> running;
  for (int t = 0; t < tasks; ++t) {
    running.push_back(loop.spawn(add_in_task(loop, counter, increments, await_between, work, checksum),
                                 "task " + std::to_string(t + 1)));
  }
  for (const TaskHandle<void>& task : running) co_await task;
}

}  // namespace

nlohmann::json run_counter(const RunRequest& request, RunContext& context) {
  const std::string& mode = request.mode;
  const std::int64_t increments = param_int(request, "increments");
  const double work_us = param_number(request, "work_us");
  const Work work{work_us <= 0 ? 0 : cpu_steps_for_ms(work_us / 1000.0)};
  const bool coroutines = mode == "coroutines";
  const int threads = request.threads;
  if (!coroutines) require_threads(request);

  Counter counter{0};
  std::atomic<std::uint64_t> checksum{0};
  Gil gil({.switch_interval_us = static_cast<micros>(param_number(request, "switch_interval_ms") * 1000.0),
           .cancel = context.cancel});
  LockTable locks({.cancel = context.cancel});
  const int counter_lock = locks.add_lock("the counter");
  for (int t = 0; t < threads; ++t) (void)locks.add_thread("thread " + std::to_string(t + 1));
  const CancelToken* cancel = context.cancel;
  add_progress_total(context, threads);

  const Stopwatch stopwatch;
  if (coroutines) {
    std::int64_t plain_counter = 0;
    std::uint64_t sum = 0;
    const bool await_between = request.params.at("await_between").get<bool>();
    run_on_event_loop(context, [&](EventLoop& loop) {
      return all_tasks(loop, threads, plain_counter, increments, await_between, work, sum);
    });
    counter.store(plain_counter, std::memory_order_relaxed);
    checksum ^= sum;
    count_progress(context, threads);
  } else {
    run_together(context, threads, [&](int me) {
      std::uint64_t sum = 0;
      if (mode == "unsafe") sum = add_unsafe(counter, increments, work, cancel);
      if (mode == "gil") sum = add_with_gil(gil, counter, increments, work, cancel);
      if (mode == "lock") sum = add_with_lock(locks, me, counter_lock, counter, increments, work, cancel);
      if (mode == "atomic") sum = add_atomic(counter, increments, work, cancel);
      if (mode == "local-then-merge") sum = add_local_then_merge(counter, increments, work, cancel);
      checksum.fetch_xor(sum, std::memory_order_relaxed);
      count_progress(context);
    });
  }
  const double wall_ms = stopwatch.elapsed_ms();

  const std::int64_t expected = increments * threads;
  const std::int64_t actual = counter.load(std::memory_order_relaxed);
  const LockStats lock_stats = locks.stats();
  nlohmann::json result = base_result(request, threads, wall_ms);
  result["gil"] = mode == "gil";
  result["expected"] = expected;
  result["actual"] = actual;
  result["lost_updates"] = expected - actual;
  result["lock_wait_ms"] = static_cast<double>(lock_stats.wait_us) / 1000.0;
  result["lock_waits"] = lock_stats.waits;
  if (mode == "gil") result["gil_switches"] = gil.stats().handoffs;
  return result;
}

}  // namespace playground::lessons::thread_safety
