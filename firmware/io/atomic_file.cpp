// Atomic output files (see atomic_file.h). POSIX: rename(2) replaces the target in one step.
#include "io/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace npu::io {

std::string temp_name_for(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

std::string commit_temp(const std::string& tmp, const std::string& path) {
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return "cannot write '" + path + "': rename of the temporary file failed: " + why;
  }
  return {};
}

std::string write_file_atomic(const std::string& path, std::span<const uint8_t> bytes) {
  return write_file_atomic(path, {bytes});
}

std::string write_file_atomic(const std::string& path,
                              std::initializer_list<std::span<const uint8_t>> parts) {
  const std::string tmp = temp_name_for(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return "cannot write '" + path + "': " + std::strerror(errno);
    }
    for (std::span<const uint8_t> bytes : parts) {
      out.write(reinterpret_cast<const char*>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
    }
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      return "cannot write '" + path + "': write failed (disk full?)";
    }
  }
  return commit_temp(tmp, path);
}

std::string write_file_atomic(const std::string& path, std::string_view text) {
  return write_file_atomic(
      path, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace npu::io
