#pragma once
// Cooperative cancellation, for builds without <stop_token> (Emscripten 3.1.6).
//
// One CancelToken is shared by everything a run starts. Code that only
// checks, checks cancelled(). Code that blocks (a condition variable, a
// sleep) registers a wake-up with on_cancel() for the length of its wait, so
// cancelling reaches a thread that is asleep or blocked without polling.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace playground {

// Thrown by waits and by throw_if_cancelled() once the run is cancelled.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

class CancelToken {
 public:
  using CallbackId = std::uint64_t;

  // Requests cancellation: idempotent and thread-safe. Runs every registered
  // wake-up once, on the calling thread, outside the token's own lock.
  void cancel() {
    std::map<CallbackId, std::function<void()>> to_run;
    {
      std::lock_guard lock(mutex_);
      if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
      to_run.swap(callbacks_);
      running_callbacks_ = true;
    }
    for (auto& [id, fn] : to_run) fn();
    {
      std::lock_guard lock(mutex_);
      running_callbacks_ = false;
    }
    callbacks_done_.notify_all();
  }

  // acquire: pairs with the release in cancel(), so work done before
  // cancelling is visible to whoever sees the flag.
  [[nodiscard]] bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  void throw_if_cancelled() const {
    if (cancelled()) throw Cancelled();
  }

  // Registers `wake` to run when cancel() is called; runs it at once if the
  // token is already cancelled. `wake` must not call back into this token.
  [[nodiscard]] CallbackId on_cancel(std::function<void()> wake) {
    {
      std::lock_guard lock(mutex_);
      if (!cancelled_.load(std::memory_order_relaxed)) {
        const CallbackId id = next_id_++;
        callbacks_.emplace(id, std::move(wake));
        return id;
      }
    }
    wake();
    return 0;
  }

  // Unregisters a wake-up. When it returns, the wake-up is not running and
  // will not run, so whatever it refers to may be destroyed. Behaviour is
  // undefined (a deadlock) if the caller holds a lock that a wake-up takes.
  void remove(CallbackId id) {
    std::unique_lock lock(mutex_);
    if (callbacks_.erase(id) > 0) return;
    callbacks_done_.wait(lock, [this] { return !running_callbacks_; });
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable callbacks_done_;
  std::map<CallbackId, std::function<void()>> callbacks_;
  CallbackId next_id_ = 1;
  bool running_callbacks_ = false;
};

// Registers a wake-up for the lifetime of a scope (one blocking wait).
class CancelRegistration {
 public:
  CancelRegistration(CancelToken* token, std::function<void()> wake)
      : token_(token), id_(token ? token->on_cancel(std::move(wake)) : 0) {}
  ~CancelRegistration() {
    if (token_ && id_ != 0) token_->remove(id_);
  }
  CancelRegistration(const CancelRegistration&) = delete;
  CancelRegistration& operator=(const CancelRegistration&) = delete;

 private:
  CancelToken* token_;
  CancelToken::CallbackId id_;
};

}  // namespace playground
