#pragma once
// wait_first: run tasks concurrently (each a task with its own trace lane)
// and return as soon as one finishes: its index and result
// (asyncio.wait(return_when=FIRST_COMPLETED), then cancelling the rest).
//
// The others are cancelled: each gets Cancelled at its suspension point, so
// its RAII cleanup runs, and wait_first returns only once they have all
// ended (the cancellation itself takes no time on the loop's clock). If the
// first to finish failed, its exception is rethrown. If several finish in
// the same step, the one that finished first wins. Cancelling the waiting
// task cancels them all and rethrows Cancelled.
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/gather.hpp"

namespace playground {

template <class T>
struct FirstCompleted {
  std::size_t index = 0;
  T value;
};
template <>
struct FirstCompleted<void> {
  std::size_t index = 0;
};

template <class T>
Task<FirstCompleted<T>> wait_first(EventLoop& loop, std::vector<Task<T>> tasks) {
  if (tasks.empty()) throw std::invalid_argument("wait_first: no tasks");
  std::vector<TaskHandle<T>> handles;
  std::vector<std::shared_ptr<detail::TaskState>> states;
  handles.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    handles.push_back(loop.spawn(std::move(tasks[i]), detail::child_name(loop, "first", i)));
    states.push_back(handles.back().shared_state());
  }
  std::exception_ptr failure;
  std::size_t winner = 0;
  try {
    winner = co_await when_any(handles);
  } catch (...) {
    failure = std::current_exception();  // the waiting task was cancelled
  }
  co_await detail::cancel_and_drain(loop, std::move(states));
  if (failure) std::rethrow_exception(failure);
  if constexpr (std::is_void_v<T>) {
    handles[winner].result();
    co_return FirstCompleted<void>{winner};
  } else {
    co_return FirstCompleted<T>{winner, handles[winner].result()};
  }
}

}  // namespace playground
