#include "core/gather.hpp"

namespace playground::detail {

Task<void> cancel_and_drain(EventLoop& loop, std::vector<std::shared_ptr<TaskState>> tasks) {
  for (auto& t : tasks) {
    if (!t->done) loop.cancel(*t);
  }
  for (auto& t : tasks) {
    if (t->done) continue;
    std::vector<TaskState*> one(1, t.get());  // (not a braced list: g++ 12 miscompiles those in co_await)
    co_await JoinAwaiter(std::move(one), /*cancellable=*/false);
  }
}

Task<void> await_all(EventLoop& loop, std::vector<std::shared_ptr<TaskState>> tasks) {
  if (tasks.empty()) co_return;
  std::exception_ptr failure;
  try {
    std::vector<TaskState*> targets;
    targets.reserve(tasks.size());
    for (auto& t : tasks) targets.push_back(t.get());
    const std::size_t woke =
        co_await JoinAwaiter(std::move(targets), /*cancellable=*/true, JoinAwaiter::Until::all_or_failure);
    failure = tasks[woke]->error;  // null when all succeeded
  } catch (...) {
    failure = std::current_exception();  // the gathering task itself was cancelled
  }
  if (failure) {
    co_await cancel_and_drain(loop, std::move(tasks));
    std::rethrow_exception(failure);
  }
}

}  // namespace playground::detail
