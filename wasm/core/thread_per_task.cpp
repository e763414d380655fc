#include "core/thread_per_task.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <system_error>

#include "core/blocking_wait.hpp"
#include "core/thread_lane.hpp"

namespace playground {

ThreadPerTaskExecutor::ThreadPerTaskExecutor(ThreadPerTaskOptions options) : options_(std::move(options)) {
  if (options_.max_live_threads < 1)
    throw std::invalid_argument("thread-per-task needs a cap of at least 1 live thread");
#if !PLAYGROUND_HAS_THREADS
  throw std::runtime_error("this build has no threads: thread-per-task is only in the threads build");
#endif
  slots_.resize(static_cast<std::size_t>(options_.max_live_threads));
}

ThreadPerTaskExecutor::~ThreadPerTaskExecutor() {
  for (Slot& slot : slots_) {
    if (slot.thread.joinable()) slot.thread.join();
  }
}

std::optional<std::size_t> ThreadPerTaskExecutor::claim_slot_locked() {
  auto found = std::find_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.state == SlotState::finished; });
  if (found == slots_.end()) {
    found = std::find_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.state == SlotState::free; });
    if (found == slots_.end()) return std::nullopt;
    ++live_;
  }
  found->state = SlotState::busy;
  ++busy_;
  stats_.peak_live = std::max(stats_.peak_live, live_);
  return static_cast<std::size_t>(found - slots_.begin());
}

std::size_t ThreadPerTaskExecutor::claim_slot() {
  {
    std::lock_guard lock(mutex_);
    if (auto slot = claim_slot_locked()) return *slot;
    ++stats_.cap_waits;
  }
  BlockingWait blocking(
      options_.cancel,
      [this] {
        std::lock_guard lock(mutex_);
        slot_finished_.notify_all();
      },
      SpanState::idle, "waiting for a thread to finish (live-thread cap)");
  std::unique_lock lock(mutex_);
  std::optional<std::size_t> slot;
  // Cancellation wins over a slot that frees up at the same moment: the run
  // is over, so no new thread should start for it.
  slot_finished_.wait(lock, [&] {
    if (blocking.cancelled()) return true;
    slot = claim_slot_locked();
    return slot.has_value();
  });
  if (!slot) throw Cancelled();
  return *slot;
}

void ThreadPerTaskExecutor::execute(JobPtr job) {
  if (options_.cancel != nullptr) options_.cancel->throw_if_cancelled();
  const std::size_t index = claim_slot();
  Slot& slot = slots_[index];
  // The slot's previous thread has finished its job; joining it now keeps the
  // number of unjoined threads within the cap (a browser's pthread pool).
  if (slot.thread.joinable()) slot.thread.join();
  TraceRecorder* trace = options_.trace;
  if (trace != nullptr && slot.lane < 0) {
    slot.lane = trace->add_lane(options_.name + " " + std::to_string(index + 1), LaneKind::thread);
  }
  const micros created_at = trace != nullptr ? trace->now() : 0;
  try {
    start_thread(slot, index, created_at, std::move(job));
  } catch (const std::system_error& e) {
    int live = 0;
    {
      std::lock_guard lock(mutex_);
      slot.state = SlotState::free;
      --busy_;
      live = live_--;
    }
    slot_finished_.notify_all();
    throw std::runtime_error("could not start a thread for a task (" + std::to_string(live) +
                             " threads alive): " + e.what());
  }
  std::lock_guard lock(mutex_);
  ++stats_.threads_started;
}

void ThreadPerTaskExecutor::start_thread(Slot& slot, std::size_t index, micros created_at, JobPtr job) {
  // The new thread owns the job only once it has started: a refused start
  // leaves it here for the next try.
  Job* const owned = job.get();
  const auto start = [&] {
    slot.thread = std::thread([this, index, created_at, owned] { run_thread(index, created_at, JobPtr(owned)); });
    static_cast<void>(job.release());
  };
  try {
    start();
    return;
  } catch (const std::system_error& e) {
    if (e.code() != std::errc::resource_unavailable_try_again) throw;
  }
  // In the browser, a joined thread's worker goes back to the pthread pool
  // only when the page's own thread gets to a message about it; a thread
  // started just after another was joined can find the pool empty for a
  // moment. Wait for it (shown on the lane, and cancellable) instead of
  // failing a run the page accepted; a pool still empty after
  // kThreadStartPatience is a real shortage, reported by the caller.
  BlockingWait blocking(
      options_.cancel, [] {}, SpanState::idle, "waiting for the browser to return a thread");
  const auto give_up = std::chrono::steady_clock::now() + kThreadStartPatience;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (blocking.cancelled()) throw Cancelled();
    try {
      start();
      return;
    } catch (const std::system_error& e) {
      if (e.code() != std::errc::resource_unavailable_try_again || std::chrono::steady_clock::now() >= give_up) throw;
    }
  }
}

void ThreadPerTaskExecutor::run_thread(std::size_t index, micros created_at, JobPtr job) {
  {
    TraceRecorder* trace = options_.trace;
    const LaneId lane_id = slots_[index].lane;  // set by the creator before this thread started
    ThreadLane lane(trace, lane_id);
    if (trace != nullptr) {
      trace->record(lane_id, SpanState::starting, created_at, trace->now(), "thread start");
      lane.set(SpanState::running);
    }
    run_job(*job, options_.cancel, options_.gil);
    job.reset();
  }
  {
    std::lock_guard lock(mutex_);
    slots_[index].state = SlotState::finished;
    --busy_;
  }
  // The destructor joins this thread before the condition variable goes.
  slot_finished_.notify_all();
}

void ThreadPerTaskExecutor::wait_all() {
  bool busy = false;
  {
    std::lock_guard lock(mutex_);
    busy = busy_ > 0;
  }
  if (busy) {
    BlockingWait blocking(
        options_.cancel,
        [this] {
          std::lock_guard lock(mutex_);
          slot_finished_.notify_all();
        },
        SpanState::idle, "waiting for the threads");
    std::unique_lock lock(mutex_);
    slot_finished_.wait(lock, [&] { return busy_ == 0 || blocking.cancelled(); });
    if (busy_ > 0) throw Cancelled();
  }
  std::vector<std::thread> finished;
  {
    std::lock_guard lock(mutex_);
    for (Slot& slot : slots_) {
      if (slot.state != SlotState::finished) continue;
      finished.push_back(std::move(slot.thread));
      slot.state = SlotState::free;
      --live_;
    }
  }
  for (std::thread& thread : finished) thread.join();
  errors_.rethrow_and_clear();
}

ThreadPerTaskStats ThreadPerTaskExecutor::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::string ThreadPerTaskExecutor::cap_note() const {
  const ThreadPerTaskStats s = stats();
  if (s.cap_waits == 0) return {};
  return "Live threads were capped at " + std::to_string(options_.max_live_threads) + ": " +
         std::to_string(s.cap_waits) + " of " + std::to_string(s.threads_started) +
         " tasks waited for a running thread to finish before theirs could start.";
}

}  // namespace playground
