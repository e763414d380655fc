#pragma once
// The one protocol between a processes-mode parent and its children, for
// every lesson, natively (pipes to a child process) and in WebAssembly
// (messages to a Web Worker running its own engine instance):
//
//   parent → child (all of it, then end of input):
//     playground-process LESSON     (the lesson whose share this is)
//     ...the share, as the lesson's ProcessWork::split wrote it...
//   child → parent:
//     ready                         (first, before the request is read: start-up is over)
//     ...the answer, as the lesson's ProcessesMode::serve writes it...
//   or, when the child cannot serve its share:
//     error MESSAGE
//
// A native child is this very program started again with
// PLAYGROUND_PROCESS_CHILD=1 in its environment: a check that runs before
// main() serves the request on stdin and exits, so the CLI and the test
// binary both serve as children whatever their command lines accept.
#include <cstdio>
#include <string>
#include <string_view>

namespace playground::processes {

inline constexpr const char* kChildEnvVar = "PLAYGROUND_PROCESS_CHILD";

// The request for a child: the header naming `lesson`, then `share`.
[[nodiscard]] std::string child_request(std::string_view lesson, std::string_view share);

// The child's side, whole: writes "ready", reads one request from `in`,
// has its lesson serve the share on `out`. Returns the exit status: 0, or 1
// after writing an "error" line.
int serve_child(std::FILE* in, std::FILE* out);

// The message of an "error" line at the start of `output` (the child's
// answer after "ready"), or "" when there is none.
[[nodiscard]] std::string child_error(std::string_view output);

}  // namespace playground::processes
