// File I/O around the assembler and the image container (see firmware_io.h); images are written
// through io::write_file_atomic.
#include "asm/firmware_io.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "io/atomic_file.h"

namespace npu::as {

std::optional<std::vector<uint8_t>> read_file_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) {
    return std::nullopt;
  }
  return bytes;
}

std::optional<std::string> read_source_file(const std::filesystem::path& path) {
  std::optional<std::vector<uint8_t>> bytes = read_file_bytes(path);
  if (!bytes) {
    return std::nullopt;
  }
  return std::string(bytes->begin(), bytes->end());
}

AsmResult assemble_file(const std::filesystem::path& path, AsmOptions options) {
  std::optional<std::string> text = read_source_file(path);
  if (!text) {
    AsmResult out;
    out.diagnostics.push_back(fmt::format("{}: error: cannot read file", path.string()));
    return out;
  }
  options.read_include = read_source_file;
  options.source_dir = path.parent_path();
  return assemble_source(*text, path.string(), options);
}

LoadResult load_firmware(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".s") {
    AsmResult r = assemble_file(path);
    if (r.image) {
      return {std::move(r.image), {}};
    }
    std::string err;
    for (const std::string& d : r.diagnostics) {
      err += (err.empty() ? "" : "\n") + d;
    }
    return {std::nullopt, err};
  }
  if (ext == ".fw") {
    std::optional<std::vector<uint8_t>> bytes = read_file_bytes(path);
    if (!bytes) {
      return {std::nullopt, fmt::format("{}: error: cannot read file", path.string())};
    }
    ReadResult r = read_image(*bytes);
    if (!r.image) {
      return {std::nullopt, fmt::format("{}: error: {}", path.string(), r.error)};
    }
    return {std::move(r.image), {}};
  }
  return {std::nullopt,
          fmt::format("{}: error: unknown firmware file extension '{}' (expected .s or .fw)",
                      path.string(), ext)};
}

std::string save_image_file(const std::filesystem::path& path, const Image& image) {
  const std::vector<uint8_t> bytes = write_image(image);
  if (std::string err = io::write_file_atomic(path.string(), bytes); !err.empty()) {
    return fmt::format("{}: error: {}", path.string(), err);
  }
  return {};
}

}  // namespace npu::as
