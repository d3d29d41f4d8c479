// Global memory (GM): the testbench's allocations and their functional contents.
//
// Addresses are 64-bit; allocations start at 4 GiB and are separated by an unmapped guard gap, so
// an access that runs off one allocation faults instead of landing in the next. In timing-only
// mode no contents are stored (find() still checks ranges; data() returns nullptr).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace npu::model {

class GlobalMemory {
 public:
  struct Allocation {
    std::string name;
    uint64_t base = 0;
    uint64_t bytes = 0;
    std::vector<uint8_t> data;  // empty in timing-only mode
  };

  GlobalMemory(uint64_t align, bool store_data) : m_align(align), m_store(store_data) {}

  uint64_t allocate(const std::string& name, uint64_t bytes);
  // The allocation holding all of [addr, addr + len), or nullptr.
  Allocation* find(uint64_t addr, uint64_t len);
  // Host pointer to [addr, addr + len) (nullptr if out of range or timing-only).
  uint8_t* data(uint64_t addr, uint64_t len);
  // "0x... is 12 bytes past the end of 'A' [0x..., 0x...)" for fault messages.
  std::string describe(uint64_t addr, uint64_t len) const;
  bool stores_data() const { return m_store; }
  const std::vector<Allocation>& allocations() const { return m_allocs; }

 private:
  uint64_t m_align;
  bool m_store;
  uint64_t m_next = 1ull << 32;
  std::vector<Allocation> m_allocs;
};

}  // namespace npu::model
