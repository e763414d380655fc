// Every lesson the engine has, in the order of the course (../shared/DESIGN.md):
// adding a lesson is one line here. A front end finds a scenario's lesson by id.
#include <algorithm>

#include "lessons/amdahl/amdahl.hpp"
#include "lessons/cpu_bound/cpu_bound.hpp"
#include "lessons/distance_matrix/distance_matrix.hpp"
#include "lessons/event_loop/event_loop_lesson.hpp"
#include "lessons/io_requests/io_requests.hpp"
#include "lessons/producer_consumer/producer_consumer.hpp"
#include "lessons/server_load/server_load.hpp"
#include "lessons/sleep/sleep_lesson.hpp"
#include "lessons/thread_safety/thread_safety.hpp"
#include "run/lesson.hpp"

namespace playground {

std::vector<const Lesson*> all_lessons() {
  return {
      &lessons::sleep::lesson(),           &lessons::io_requests::lesson(),       &lessons::cpu_bound::lesson(),
      &lessons::distance_matrix::lesson(), &lessons::producer_consumer::lesson(), &lessons::event_loop::lesson(),
      &lessons::amdahl::lesson(),          &lessons::thread_safety::lesson(),     &lessons::server_load::lesson(),
  };
}

const Lesson* find_lesson(std::string_view id) {
  const auto lessons = all_lessons();
  const auto it =
      std::find_if(lessons.begin(), lessons.end(), [&](const Lesson* lesson) { return lesson->id() == id; });
  return it == lessons.end() ? nullptr : *it;
}

}  // namespace playground
