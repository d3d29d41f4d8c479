// libFuzzer target: the .fw image reader on arbitrary bytes. It either rejects the bytes with a
// "bad firmware image: " sentence or returns an image that check_image accepts, that
// disassembles, and that writes back to a file reading as the same image.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "asm/disassembler.h"
#include "asm/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  npu::as::ReadResult r = npu::as::read_image(std::span<const uint8_t>(data, size));
  if (!r.image) {
    if (r.error.rfind("bad firmware image: ", 0) != 0) std::abort();
    return 0;
  }
  if (!npu::as::check_image(*r.image).empty()) std::abort();
  (void)npu::as::disassemble(*r.image);
  npu::as::ReadResult back = npu::as::read_image(npu::as::write_image(*r.image));
  if (!back.image || !(*back.image == *r.image)) std::abort();
  return 0;
}
