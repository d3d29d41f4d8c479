// GM allocations and range checks (see global_memory.h).
#include "mem/global_memory.h"

#include <fmt/format.h>

namespace npu::model {

uint64_t GlobalMemory::allocate(const std::string& name, uint64_t bytes) {
  uint64_t base = m_next;
  uint64_t rounded = (bytes + m_align - 1) / m_align * m_align;
  m_next = base + rounded + m_align;  // one unmapped guard granule between allocations
  Allocation a{name, base, bytes, {}};
  if (m_store) a.data.assign(bytes, 0);
  m_allocs.push_back(std::move(a));
  return base;
}

GlobalMemory::Allocation* GlobalMemory::find(uint64_t addr, uint64_t len) {
  for (Allocation& a : m_allocs) {
    if (addr >= a.base && addr - a.base <= a.bytes && len <= a.bytes - (addr - a.base)) {
      return &a;
    }
  }
  return nullptr;
}

uint8_t* GlobalMemory::data(uint64_t addr, uint64_t len) {
  Allocation* a = find(addr, len);
  if (a == nullptr || a->data.empty()) return nullptr;
  return a->data.data() + (addr - a->base);
}

std::string GlobalMemory::describe(uint64_t addr, uint64_t len) const {
  const Allocation* nearest = nullptr;
  for (const Allocation& a : m_allocs) {
    if (nearest == nullptr || (addr >= a.base && a.base > nearest->base) ||
        (addr < nearest->base && a.base < nearest->base)) {
      nearest = &a;
    }
  }
  if (nearest == nullptr) return fmt::format("[0x{:x}, +{}) : no GM allocation exists", addr, len);
  return fmt::format("[0x{:x}, +{}) is outside every allocation (nearest '{}' is [0x{:x}, 0x{:x}))",
                     addr, len, nearest->name, nearest->base, nearest->base + nearest->bytes);
}

}  // namespace npu::model
