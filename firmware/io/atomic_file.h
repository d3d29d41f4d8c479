// Output files written whole or not at all: every writer of a report, trace, .npy, image or CSV
// goes through here. The bytes go to a temporary file next to the target (PATH.tmp.<pid>.<n>),
// which is renamed over the target only when it was written completely, so an interrupted or
// failed run never leaves a truncated file under the final name (a stray .tmp file at most).
// Deliberately ignores fsync (a power loss may still lose the renamed file's data) and
// concurrent writers of the same path.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace npu::io {

// A fresh temporary name in the target's directory (unique within this process).
std::string temp_name_for(const std::string& path);

// Renames tmp over path; on failure removes tmp. Returns "" or the reason, naming path.
std::string commit_temp(const std::string& tmp, const std::string& path);

// Writes bytes to path atomically. Returns "" or one sentence naming path and the reason.
std::string write_file_atomic(const std::string& path, std::span<const uint8_t> bytes);
std::string write_file_atomic(const std::string& path, std::string_view text);
// The concatenation of parts, written without first joining them in memory.
std::string write_file_atomic(const std::string& path,
                              std::initializer_list<std::span<const uint8_t>> parts);

}  // namespace npu::io
