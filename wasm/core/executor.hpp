#pragma once
// What the thread executors have in common (ThreadPool,
// ThreadPerTaskExecutor), so a demo can be written once against Executor&
// and run on either.
#include <exception>
#include <type_traits>
#include <utility>

#include "core/cancel_token.hpp"
#include "core/gil.hpp"
#include "core/job.hpp"

namespace playground {

class Executor {
 public:
  virtual ~Executor() = default;

  // Runs `f` on one of the executor's threads; the handle gets its value or
  // exception. Throws std::logic_error after shutdown; may block (thread-per-
  // task at its cap) and then throws Cancelled if cancelled meanwhile.
  template <class F>
  [[nodiscard]] auto submit(F&& f) {
    auto [job, handle] = make_result_job(std::decay_t<F>(std::forward<F>(f)), cancel_token());
    execute(std::move(job));
    return std::move(handle);
  }

  // Like submit() without a handle: cheaper. The first exception a posted job
  // throws is rethrown by wait_all().
  template <class F>
  void post(F&& f) {
    execute(make_job(std::decay_t<F>(std::forward<F>(f)), &errors_));
  }

  // Blocks until every job accepted so far has finished, then rethrows the
  // first exception a posted job threw. Throws Cancelled if the executor's
  // token is cancelled first. Behaviour is undefined (a deadlock) if called
  // from one of the executor's own threads.
  virtual void wait_all() = 0;

  // The token that the executor's waits observe (may be null).
  [[nodiscard]] virtual CancelToken* cancel_token() const noexcept = 0;

 protected:
  // Takes ownership of `job` and runs it on some thread, or throws.
  virtual void execute(JobPtr job) = 0;

  // How every executor thread runs a job: not at all once `cancel` is
  // cancelled, holding `gil` if there is one (Python threads hold the GIL to
  // run Python code), and any failure, including those two, reported to the
  // job (its handle, or wait_all()).
  static void run_job(Job& job, CancelToken* cancel, Gil* gil) noexcept {
    try {
      if (cancel != nullptr) cancel->throw_if_cancelled();
      GilHold hold(gil);
      job.run();
    } catch (...) {
      job.fail(std::current_exception());
    }
  }

  FirstError errors_;
};

}  // namespace playground
