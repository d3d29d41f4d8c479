// Observer of synchronisation between the tracks of a core (pipes, control threads): a producer
// signals a sync object (DaVinci set_flag; mbarrier arrive, TMA transaction bytes) and a consumer
// is released by it (wait_flag; mbarrier wait). Traces draw a flow arrow from each signal to the
// release it causes.
//
// Two kinds of sync object. Counting (flags): `key` names one object within a core (a flag's
// src/dst/id); a release is caused by the oldest unmatched signal with the same key (counting
// semaphores consume in order). Phase (mbarriers, a warp role's wgmma groups): a phase completes
// when all its signals (arrivals and transaction bytes; a group's last wgmma) have come, and it
// releases every consumer waiting for it, each caused by all of the phase's signals; `key` names
// the object, `phase` counts its phases over the whole run (never reused), and `pc` is the
// instruction's (-1: none). Consumers that did not have to wait need not report a release.
//
// `track` is the track that executes the instruction: a pipe (static_cast<int>(isa::Pipe)) or a
// control thread's track (the S pipe; an SM's warp role r: isa::kNumPipes + r). All calls happen
// at the simulated time of the event, from the thread that executes it; `waited_from_fs` is when
// the consumer started waiting.
#pragma once

#include <cstdint>
#include <string_view>

namespace npu::model {

class SyncObserver {
 public:
  virtual ~SyncObserver() = default;
  virtual void on_signal(int track, uint64_t key, std::string_view label) = 0;
  virtual void on_release(int track, uint64_t key, std::string_view label,
                          uint64_t waited_from_fs) = 0;
  virtual void on_phase_signal(int track, uint64_t key, uint64_t phase, std::string_view label,
                               int64_t pc) = 0;
  virtual void on_phase_release(int track, uint64_t key, uint64_t phase, std::string_view label,
                                int64_t pc, uint64_t waited_from_fs) = 0;
};

}  // namespace npu::model
