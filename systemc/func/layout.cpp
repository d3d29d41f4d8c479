// Byte footprints of the fractal layouts (element-count formulas live inline in layout.h).
//
// Sizes only; bank mapping and alignment of buffers are the memory model's business.
#include "func/layout.h"

namespace npu::func {

namespace {
size_t bytes(isa::Dtype d) { return static_cast<size_t>(isa::dtype_bytes(d)); }
}  // namespace

size_t nz_bytes(isa::Dtype d, size_t rows, size_t cols) {
  return nz_elems(rows, cols, c0_of(d)) * bytes(d);
}
size_t l0a_bytes(isa::Dtype d, size_t m, size_t k) { return l0a_elems(m, k, c0_of(d)) * bytes(d); }
size_t l0b_bytes(isa::Dtype d, size_t k, size_t n) { return l0b_elems(k, n, c0_of(d)) * bytes(d); }
size_t l0c_bytes(isa::Dtype acc, size_t m, size_t n) { return l0c_elems(m, n) * bytes(acc); }

}  // namespace npu::func
