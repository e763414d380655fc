#include "processes/protocol.hpp"

#include <cstdlib>
#include <exception>

#include "processes/work.hpp"
#include "run/lesson.hpp"

namespace playground::processes {

namespace {

constexpr std::string_view kHeader = "playground-process ";

std::string read_all(std::FILE* in) {
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, got);
  return text;
}

// Before main(): a program started as a child serves its request and exits.
// (This file is linked into every front end: the lessons' processes modes
// use it.)
const bool become_child_if_asked = [] {
  const char* flag = std::getenv(kChildEnvVar);
  if (flag != nullptr && std::string_view(flag) == "1") std::exit(serve_child(stdin, stdout));
  return false;
}();

}  // namespace

std::string child_request(std::string_view lesson, std::string_view share) {
  std::string text;
  text.reserve(kHeader.size() + lesson.size() + 1 + share.size());
  text.append(kHeader).append(lesson).append("\n").append(share);
  return text;
}

int serve_child(std::FILE* in, std::FILE* out) {
  // "ready" first: the parent times start-up as start → this line.
  std::fputs("ready\n", out);
  std::fflush(out);
  try {
    const std::string request = read_all(in);
    const std::size_t end = request.find('\n');
    if (request.compare(0, kHeader.size(), kHeader) != 0 || end == std::string::npos) {
      throw RunError("not a processes request (it must start with \"playground-process LESSON\")");
    }
    const std::string lesson_id = request.substr(kHeader.size(), end - kHeader.size());
    const Lesson* lesson = find_lesson(lesson_id);
    const ProcessesMode* mode = lesson != nullptr ? lesson->processes_mode() : nullptr;
    if (mode == nullptr) throw RunError("lesson \"" + lesson_id + "\" has no processes mode");
    mode->serve(std::string_view(request).substr(end + 1), out);
    std::fflush(out);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(out, "error %s\n", error.what());
    std::fflush(out);
    return 1;
  }
}

std::string child_error(std::string_view output) {
  if (output.substr(0, 6) != "error ") return {};
  const std::size_t end = output.find('\n');
  return std::string(output.substr(6, end == std::string_view::npos ? std::string_view::npos : end - 6));
}

}  // namespace playground::processes
