// Cross-core flags: the FFTS synchronisation of split DaVinci parts (910B/910C), as Ascend C's
// CrossCoreSetFlag<mode>(id) / CrossCoreWaitFlag(id). Every sub-core (AIC or AIV) that runs code
// is a member. A set goes to a channel; once every sender of the channel has set, each receiver's
// counter for that id rises by one, visible after the configured latency. Channels by mode:
//   0  all members of the kernel -> all members (a barrier across the chip)
//   1  the AIVs of one core -> the same AIVs (a barrier between them)
//   2  an AIC -> its AIVs; or its AIVs (all of them) -> the AIC
// A counter holds at most isa::kCrossFlagMaxPending sets; one more is a firmware error here (the
// hardware saturates and loses it). Deliberately ignored: FFTS arbitration between simultaneous
// sets (each costs the same latency) and mode 4 (950 only).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <systemc>
#include <tuple>
#include <vector>

#include "isa/isa.h"

namespace npu::model {

class CrossCoreFlags {
 public:
  // Registers a sub-core; aiv < 0 for an AIC. Returns its slot. `active`: it runs code.
  int add_member(int core, int aiv, bool active);
  // Only members on cores below `cores_used` take part in mode 0 (a core without a block never
  // sets).
  void set_cores_used(int cores_used) { m_cores_used = cores_used; }

  // Returns an error text (bad mode/id for this sub-core, saturated counter) or empty.
  std::string set(int slot, int mode, int id, uint64_t latency_fs);
  // Blocks the calling SystemC thread until the slot's counter for id is visible and positive.
  void wait(int slot, int id);
  // "id 3 = 1 (mode 2 from AIC)"-style text of everything still pending; empty when clean.
  std::string pending(int slot) const;
  std::string pending_sets() const;  // senders that set but whose channel never completed

 private:
  struct Member {
    int core;
    int aiv;  // -1: AIC
    bool active;
    std::array<std::deque<uint64_t>, isa::kNumCrossFlagIds> visible_at;  // fs, one per set
    std::array<sc_core::sc_event, isa::kNumCrossFlagIds> delivered;
  };
  struct Channel {
    std::vector<int> senders, receivers;
    std::map<int, int> count;  // sender slot -> sets not yet matched
  };
  using Key = std::tuple<int, int, int, int>;  // mode, core (-1 for mode 0), direction, id
  Channel& channel(const Key& k, const std::vector<int>& senders, const std::vector<int>& recv);
  std::vector<int> aivs_of(int core) const;
  std::vector<int> everyone() const;

  std::vector<std::unique_ptr<Member>> m_members;
  std::map<Key, Channel> m_channels;
  int m_cores_used = 1 << 30;
};

}  // namespace npu::model
