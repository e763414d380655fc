#include "lessons/io_requests/io_requests.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/blocking_wait.hpp"
#include "core/event_loop.hpp"
#include "core/gather.hpp"
#include "core/loop_drivers.hpp"
#include "core/sleep.hpp"
#include "core/task.hpp"
#include "core/thread_lane.hpp"
#include "run/lesson_support.hpp"
#include "run/runners.hpp"
#if PLAYGROUND_HAS_THREADS
#include "core/gil.hpp"
#include "core/thread_pool.hpp"
#endif

namespace playground::lessons::io_requests {

std::vector<std::int64_t> request_latencies_ms(int requests, std::int64_t latency_ms, std::int64_t jitter_ms,
                                               std::uint64_t seed) {
  std::vector<std::int64_t> latencies;
  latencies.reserve(static_cast<std::size_t>(std::max(0, requests)));
  std::uint64_t state = seed;
  for (int i = 0; i < requests; ++i) {
    // splitmix64: a tiny generator with well-mixed output and a fixed
    // definition, so native and wasm runs draw the same latencies.
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    const auto span = static_cast<std::uint64_t>(2 * jitter_ms + 1);
    const std::int64_t offset = static_cast<std::int64_t>(z % span) - jitter_ms;
    latencies.push_back(std::max<std::int64_t>(1, latency_ms + offset));
  }
  return latencies;
}

namespace {

const std::vector<std::string> kModes = {"serial", "threads", "coroutines"};

struct Request {
  int id = 0;
  micros latency_us = 0;  // scaled
};

std::string request_label(const Request& request) { return "request " + std::to_string(request.id); }

// [excerpt io-requests.serial]
// One request at a time: each waits for its answer before the next is sent.
void fetch_serial(const std::vector<Request>& requests, CompletionLog& done, CancelToken* cancel) {
  for (const Request& request : requests) {
    const micros start = done.now();
    thread_sleep(request.latency_us, cancel, request_label(request), "io.serial.request");
    done.finished(request.id, start);
  }
}
// [/excerpt]

#if PLAYGROUND_HAS_THREADS
// [excerpt io-requests.threads]
// Every request submitted to the pool at once. A thread waiting for its
// answer needs no CPU (and releases the GIL), so the waits overlap and
// whichever answer arrives first is handled first.
void fetch_threads(const std::vector<Request>& requests, CompletionLog& done, ThreadPool& pool, CancelToken* cancel) {
  for (const Request& request : requests) {
    pool.post([&done, &request, cancel] {
      const micros start = done.now();
      thread_sleep(request.latency_us, cancel, request_label(request), "io.threads.request");
      done.finished(request.id, start);
    });
  }
  pool.wait_all();
}
// [/excerpt]
#endif

// [excerpt io-requests.coroutines]
// One task per request, all on one thread: while a task awaits its answer
// the loop runs the others.
Task<void> fetch(EventLoop& loop, Request request, CompletionLog& done) {
  const micros start = done.now();
  co_await sleep(loop, request.latency_us);
  done.finished(request.id, start);
}

Task<void> fetch_all(EventLoop& loop, const std::vector<Request>& requests, CompletionLog& done) {
  std::vector<Task<void>> fetches;
  for (const Request& request : requests) fetches.push_back(fetch(loop, request, done));
  co_await gather(loop, std::move(fetches));
}
// [/excerpt]

class IoRequestsLesson final : public Lesson {
 public:
  IoRequestsLesson() : Lesson("io-requests", kModes) {}

 private:
  [[nodiscard]] RunOutcome run_mode(const RunRequest& request, RunContext& context) const override {
    if (request.mode == "threads") require_threads(request);
    const std::vector<Request> requests = read_requests(request);
    add_progress_total(context, static_cast<std::int64_t>(requests.size()));

    const Stopwatch stopwatch;
    CompletionLog done(stopwatch, requests.size(), context.progress);
    int threads = 1;
    if (request.mode == "serial") {
      ThreadLane lane(context.trace, add_lane(context, "main", LaneKind::thread));
      fetch_serial(requests, done, context.cancel);
    } else if (request.mode == "threads") {
      threads = run_threads(request, context, requests, done);
    } else {
      run_coroutines(context, requests, done);
    }
    const double wall_ms = stopwatch.elapsed_ms();

    RunOutcome outcome;
    outcome.result = base_result(request, threads, wall_ms);
    describe(requests, done, outcome.result);
    return outcome;
  }

 private:
  static std::vector<Request> read_requests(const RunRequest& request) {
    const auto count = static_cast<int>(param_int(request, "requests"));
    const std::int64_t latency = param_int(request, "latency_ms");
    const std::int64_t jitter = param_int(request, "jitter_ms");
    const auto seed = static_cast<std::uint64_t>(param_int(request, "seed"));
    std::vector<Request> requests;
    const auto latencies = request_latencies_ms(count, latency, jitter, seed);
    for (int i = 0; i < count; ++i) {
      requests.push_back({i, scaled_delay_us(request, static_cast<double>(latencies[static_cast<std::size_t>(i)]))});
    }
    return requests;
  }

  // With the GIL on, the pool's threads run holding it, and a wait for I/O
  // lets it go: the GIL does not slow waiting down.
  static int run_threads(const RunRequest& request, RunContext& context, const std::vector<Request>& requests,
                         CompletionLog& done) {
    return run_on_thread_pool(request, context,
                              [&](auto& pool, auto*) { fetch_threads(requests, done, pool, context.cancel); });
  }

  static void run_coroutines(RunContext& context, const std::vector<Request>& requests, CompletionLog& done) {
    run_on_event_loop(context, [&](EventLoop& loop) { return fetch_all(loop, requests, done); });
  }

  static void describe(const std::vector<Request>& requests, const CompletionLog& done, nlohmann::json& result) {
    auto per_request = nlohmann::json::array();
    micros sum = 0;
    micros max = 0;
    for (const Request& request : requests) {
      const auto [start, end] = done.times(request.id);
      per_request.push_back({{"id", request.id},
                             {"latency_ms", static_cast<double>(request.latency_us) / 1000.0},
                             {"start_ms", static_cast<double>(start) / 1000.0},
                             {"end_ms", static_cast<double>(end) / 1000.0}});
      sum += request.latency_us;
      max = std::max(max, request.latency_us);
    }
    const std::vector<int> order = done.order();
    result["requests"] = per_request;
    result["completion_order"] = order;
    result["out_of_order"] = !std::is_sorted(order.begin(), order.end());
    result["sum_latency_ms"] = static_cast<double>(sum) / 1000.0;
    result["max_latency_ms"] = static_cast<double>(max) / 1000.0;
  }
};

}  // namespace

const Lesson& lesson() {
  static const IoRequestsLesson lesson;
  return lesson;
}

}  // namespace playground::lessons::io_requests
