// Every demo the engine has, in the order of the course's lessons
// (../shared/DESIGN.md). A front end finds a scenario's demo here by id.
#include <algorithm>

#include "demos/amdahl.hpp"
#include "demos/cpu_bound.hpp"
#include "demos/demo.hpp"
#include "demos/distance_matrix.hpp"
#include "demos/event_loop_demo.hpp"
#include "demos/io_requests.hpp"
#include "demos/producer_consumer.hpp"
#include "demos/sleep_demo.hpp"

namespace playground {

std::vector<const Demo*> all_demos() {
  return {
      &sleep_demo(),
      &io_requests_demo(),
      &cpu_bound_demo(),
      &distance_matrix_demo(),
      &producer_consumer_demo(),
      &event_loop_demo(),
      &amdahl_demo(),
  };
}

const Demo* find_demo(std::string_view id) {
  const auto demos = all_demos();
  const auto it = std::find_if(demos.begin(), demos.end(), [&](const Demo* demo) { return demo->id() == id; });
  return it == demos.end() ? nullptr : *it;
}

}  // namespace playground
