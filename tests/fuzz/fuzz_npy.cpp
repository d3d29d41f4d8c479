// libFuzzer target: the .npy parser on arbitrary bytes. It returns an error naming the file or an
// array whose data size matches its shape and dtype.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "util/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  npu::tb::NpyReadResult r = npu::tb::parse_npy(std::span<const uint8_t>(data, size), "fuzz.npy");
  if (!r.array) {
    if (r.error.rfind("fuzz.npy: ", 0) != 0) std::abort();
    return 0;
  }
  const npu::tb::NpyArray& a = *r.array;
  if (a.data.size() != a.element_count() * npu::tb::npy_itemsize(a.dtype)) std::abort();
  return 0;
}
