#include "core/gil.hpp"

#include <chrono>
#include <stdexcept>

#include "core/causal_edge.hpp"

namespace playground {

constinit thread_local GilHold* GilHold::current_ = nullptr;

Gil::Gil(GilOptions options) : options_(options) {
  if (options_.switch_interval_us <= 0) throw std::invalid_argument("GIL switch interval must be > 0 microseconds");
}

void Gil::take_locked(std::unique_lock<std::mutex>&) {
  locked_ = true;
  ++switch_number_;
  ++stats_.acquisitions;
  const std::thread::id me = std::this_thread::get_id();
  if (me != last_holder_ && last_holder_ != std::thread::id()) {
    ++stats_.handoffs;
    // The hand-off as a causal edge: from the release to this acquire.
    record_edge_here(EdgeKind::gil, released_at_, [] { return std::string("GIL"); });
  }
  last_holder_ = me;
  // A request was meant for the previous holder; waiters still waiting will
  // time out again and ask this one (as CPython does).
  drop_request_.store(false, std::memory_order_relaxed);
  switched_.notify_all();  // a forced-switching holder waits for this
}

void Gil::acquire(std::string_view site) {
  {
    std::unique_lock lock(mutex_);
    if (!locked_) {
      take_locked(lock);
      return;
    }
  }
  acquire_slow(site, options_.cancel);
}

void Gil::acquire_uncancellable(std::string_view site) {
  {
    std::unique_lock lock(mutex_);
    if (!locked_) {
      take_locked(lock);
      return;
    }
  }
  acquire_slow(site, nullptr);
}

void Gil::acquire_slow(std::string_view site, CancelToken* cancel) {
  LaneState waiting(SpanState::waiting_for_gil, "waiting for the GIL", site);
  // Declared before the lock, so it is unregistered after the lock is gone:
  // the wake-up takes the same mutex.
  CancelRegistration wake_on_cancel(cancel, [this] {
    std::lock_guard lock(mutex_);
    gil_free_.notify_all();
    switched_.notify_all();
  });
  const auto interval = std::chrono::microseconds(options_.switch_interval_us);
  std::unique_lock lock(mutex_);
  ++waiters_;
  while (locked_) {
    if (cancel != nullptr && cancel->cancelled()) {
      --waiters_;
      switched_.notify_all();  // a holder in forced switching may be waiting for us
      throw Cancelled();
    }
    const std::uint64_t seen = switch_number_;
    const bool timed_out = gil_free_.wait_for(lock, interval) == std::cv_status::timeout;
    // A whole interval passed and the same thread still holds it: ask it to
    // let go at its next checkpoint.
    if (timed_out && locked_ && switch_number_ == seen && !drop_request_.load(std::memory_order_relaxed)) {
      drop_request_.store(true, std::memory_order_relaxed);
      ++stats_.drop_requests;
    }
  }
  --waiters_;
  take_locked(lock);
}

void Gil::release() {
  const EdgeEnd here = here_on_lane();
  {
    std::lock_guard lock(mutex_);
    locked_ = false;
    released_at_ = here;
  }
  gil_free_.notify_one();
}

// [excerpt core.gil.handoff]
// The hand-off: the holder has run a whole switch interval while another
// thread waits, so it lets go, waits until someone else has had the GIL, and
// then queues up for it again like everyone else.
void Gil::yield_to_waiter(std::string_view site) {
  LaneState waiting(SpanState::waiting_for_gil, "waiting for the GIL", site);
  {
    CancelToken* cancel = options_.cancel;
    CancelRegistration wake_on_cancel(cancel, [this] {
      std::lock_guard lock(mutex_);
      switched_.notify_all();
    });
    const EdgeEnd here = here_on_lane();
    std::unique_lock lock(mutex_);
    locked_ = false;
    released_at_ = here;
    ++stats_.forced_switches;
    gil_free_.notify_one();
    // Forced switching: do not take the GIL straight back; wait until another
    // thread has had it (or nobody is left waiting for it).
    const std::uint64_t dropped_at = switch_number_;
    switched_.wait(lock, [&] {
      return switch_number_ != dropped_at || waiters_ == 0 || (cancel != nullptr && cancel->cancelled());
    });
    if (switch_number_ == dropped_at && cancel != nullptr && cancel->cancelled()) throw Cancelled();
  }
  acquire(site);
}
// [/excerpt]

GilStats Gil::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

GilHold::GilHold(Gil* gil, std::string_view site) : gil_(gil), previous_(current_) {
  if (gil_ == nullptr) return;
  // Already held by this thread (a pool job of a GIL pool taking it again):
  // the outer hold stays in charge; this one does nothing.
  if (previous_ != nullptr && previous_->gil_ == gil_) {
    gil_ = nullptr;
    return;
  }
  gil_->acquire(site);  // may throw Cancelled: then nothing is held or installed
  held_ = true;
  current_ = this;
}

GilHold::~GilHold() {
  if (gil_ == nullptr) return;
  if (held_) gil_->release();
  current_ = previous_;
}

void GilHold::yield(std::string_view site) {
  held_ = false;
  gil_->yield_to_waiter(site);  // may throw Cancelled, leaving the GIL not held
  held_ = true;
}

GilRelease::GilRelease() {
  GilHold* hold = GilHold::current();
  if (hold != nullptr && hold->held_) {
    hold->gil_->release();
    hold->held_ = false;
    released_ = hold;
  }
}

GilRelease::~GilRelease() {
  if (released_ == nullptr) return;
  released_->gil_->acquire_uncancellable();
  released_->held_ = true;
}

}  // namespace playground
