#include "run/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "run/lesson.hpp"

namespace playground {

std::string read_text_file(const std::string& path) {
  // stdio rather than iostreams: a read error (a directory, EIO) is reported
  // by ferror() instead of looking like an empty file.
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw RunError("cannot read \"" + path + "\": " + std::strerror(errno));
  std::string content;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) content.append(buffer, got);
  const int error = std::ferror(file) ? (errno != 0 ? errno : EIO) : 0;
  std::fclose(file);
  if (error != 0) throw RunError("cannot read \"" + path + "\": " + std::strerror(error));
  return content;
}

}  // namespace playground
