// libFuzzer target: the assembler on arbitrary source text. Whatever the input, it returns
// diagnostics or an image; an image it returns must pass check_image and survive a .fw round trip.
// Sandboxed: `.include` never reaches the disk. Every included path reads back the input itself,
// so includes, include cycles and the depth limit are fuzzed too (macros and the stream-size
// limits come with the input's own .macro lines).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "asm/assembler.h"
#include "asm/disassembler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  npu::as::AsmOptions options;
  options.read_include = [text](const std::filesystem::path&) -> std::optional<std::string> {
    return std::string(text);
  };
  npu::as::AsmResult r = npu::as::assemble_source(text, "fuzz.s", options);
  if (r.image) {
    if (!npu::as::check_image(*r.image).empty()) std::abort();
    npu::as::ReadResult back = npu::as::read_image(npu::as::write_image(*r.image));
    if (!back.image || !(*back.image == *r.image)) std::abort();
    (void)npu::as::disassemble(*r.image);
  } else if (r.diagnostics.empty()) {
    std::abort();  // a failure must say why
  }
  return 0;
}
