// Firmware files: assembling a .s file, loading a .s or .fw file into an Image, and writing a .fw
// file atomically (written to PATH.tmp.<pid>, then renamed, so a failed run never leaves a
// partial or stale-looking output). Errors are returned as text, never thrown.
// Deliberately ignores file locking and concurrent writers of the same path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "asm/assembler.h"
#include "asm/image.h"

namespace npu::as {

struct LoadResult {
  std::optional<Image> image;
  std::string error;  // on failure: one or more lines (the assembler's diagnostics for a .s)
};

// Accepts PATH.s (assembled) or PATH.fw (read and checked); any other extension is an error.
LoadResult load_firmware(const std::filesystem::path& path);

// Writes write_image(image) to path atomically; returns "" on success, else the reason.
std::string save_image_file(const std::filesystem::path& path, const Image& image);

// Whole-file read; nullopt when the file cannot be opened or read.
std::optional<std::vector<uint8_t>> read_file_bytes(const std::filesystem::path& path);

}  // namespace npu::as
