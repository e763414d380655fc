#pragma once
// gather: run tasks concurrently, each as a task of its own (its own trace
// lane), and collect their results in argument order (asyncio.gather).
//
//   std::vector<int> v = co_await gather(loop, std::move(tasks));
//   auto [a, b] = co_await gather(loop, task_a(), task_b());  // void -> std::monostate
//
// If one task fails, the others are cancelled, gather waits until they have
// all finished (so none outlives the awaiter's locals it may refer to), and
// then rethrows the first failure. Cancelling the gathering task cancels them
// all the same way and rethrows Cancelled.
#include <exception>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/event_loop.hpp"

namespace playground {

namespace detail {

// The name of a child lane: "<awaiting task>.<what>[i]".
inline std::string child_name(EventLoop& loop, const char* what, std::size_t i) {
  const TaskState* parent = loop.current();
  return (parent ? parent->name : std::string("loop")) + "." + what + "[" + std::to_string(i) + "]";
}

// Cancels every unfinished task in `tasks` and waits for all of them to end,
// ignoring cancellation of the waiter itself (it is already unwinding).
Task<void> cancel_and_drain(EventLoop& loop, std::vector<std::shared_ptr<TaskState>> tasks);

// Waits for every task; on the first failure (or if the waiter is cancelled)
// cancels and drains the rest, then rethrows it.
Task<void> await_all(EventLoop& loop, std::vector<std::shared_ptr<TaskState>> tasks);

template <class T>
using gathered_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

template <class T>
gathered_t<T> result_of(const TaskHandle<T>& handle) {
  if constexpr (std::is_void_v<T>) {
    handle.result();
    return {};
  } else {
    return handle.result();
  }
}

// Spawns in argument order (a braced list is evaluated left to right).
template <class... Ts, std::size_t... I>
std::tuple<TaskHandle<Ts>...> spawn_each(EventLoop& loop, std::index_sequence<I...>, Task<Ts>&... tasks) {
  return std::tuple<TaskHandle<Ts>...>{loop.spawn(std::move(tasks), child_name(loop, "gather", I))...};
}

}  // namespace detail

template <class T>
Task<std::conditional_t<std::is_void_v<T>, void, std::vector<T>>> gather(EventLoop& loop, std::vector<Task<T>> tasks) {
  std::vector<TaskHandle<T>> handles;
  std::vector<std::shared_ptr<detail::TaskState>> states;
  handles.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    handles.push_back(loop.spawn(std::move(tasks[i]), detail::child_name(loop, "gather", i)));
    states.push_back(handles.back().shared_state());
  }
  co_await detail::await_all(loop, std::move(states));
  if constexpr (std::is_void_v<T>) {
    co_return;
  } else {
    std::vector<T> results;
    results.reserve(handles.size());
    for (auto& h : handles) results.push_back(h.result());
    co_return results;
  }
}

template <class... Ts>
Task<std::tuple<detail::gathered_t<Ts>...>> gather(EventLoop& loop, Task<Ts>... tasks) {
  auto handles = detail::spawn_each(loop, std::index_sequence_for<Ts...>{}, tasks...);
  std::vector<std::shared_ptr<detail::TaskState>> states;
  std::apply([&](auto&... h) { (states.push_back(h.shared_state()), ...); }, handles);
  co_await detail::await_all(loop, std::move(states));
  co_return std::apply([](auto&... h) { return std::tuple<detail::gathered_t<Ts>...>(detail::result_of(h)...); },
                       handles);
}

}  // namespace playground
