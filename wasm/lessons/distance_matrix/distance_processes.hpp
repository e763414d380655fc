#pragma once
// The distance matrix's processes mode: what the one parent driver of
// processes/ needs from this lesson.
#include "processes/work.hpp"

namespace playground::lessons::distance_matrix {

[[nodiscard]] const processes::ProcessesMode& in_processes();

}  // namespace playground::lessons::distance_matrix
