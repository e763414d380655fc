#pragma once
// Recording causal edges where they happen (issue 17): the primitive that
// lets a waiter go on notes where it did so (here_on_lane()), and the one
// that goes on records the edge from there to itself (record_edge_here()).
// On an untraced thread both cost one thread-local read.
#include <string>
#include <type_traits>
#include <utility>

#include "core/thread_lane.hpp"
#include "core/trace.hpp"

namespace playground {

// The calling thread's lane and the time now; untraced on an untraced thread
// (or one whose recorder records no edges).
[[nodiscard]] inline EdgeEnd here_on_lane() {
  const ThreadLane* lane = ThreadLane::current();
  if (lane == nullptr || !lane->trace()->records_edges()) return {};
  return EdgeEnd{lane->id(), lane->trace()->now()};
}

// Records an edge of `kind` from `from` to the calling thread's lane, now.
// `label` is called only when the edge is recorded (both ends traced).
template <class MakeLabel>
void record_edge_here(EdgeKind kind, const EdgeEnd& from, MakeLabel&& label) {
  const ThreadLane* lane = ThreadLane::current();
  if (lane == nullptr || !from.traced()) return;
  lane->trace()->record_edge(
      Edge{kind, from, EdgeEnd{lane->id(), lane->trace()->now()}, std::forward<MakeLabel>(label)()});
}

// How a queue's edge names the item it carried: a type names its own with a
// queue_item_label(const T&) found by argument-dependent lookup
// ("value 225"); numbers are "item N".
template <class T>
[[nodiscard]] std::string edge_item_label(const T& item) {
  if constexpr (requires { queue_item_label(item); }) {
    return queue_item_label(item);
  } else if constexpr (std::is_arithmetic_v<T>) {
    return "item " + std::to_string(item);
  } else {
    return "item";
  }
}

}  // namespace playground
