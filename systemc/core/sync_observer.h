// Observer of synchronisation between the tracks of a core (pipes, control threads): a producer
// signals a sync object (DaVinci set_flag; later mbarrier arrive) and a consumer is released by it
// (wait_flag; mbarrier wait). Traces draw a flow arrow from each signal to the release it causes.
//
// Contract: `key` names one sync object within a core (a flag's src/dst/id, an mbarrier's address
// and phase); a release is caused by the oldest unmatched signal with the same key (counting
// semaphores consume in order). `track` is the pipe that executes the instruction
// (static_cast<int>(isa::Pipe)). Both calls happen at the simulated time of the event, from the
// thread that executes it; `waited_from_fs` is when the consumer started waiting.
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
};

}  // namespace npu::model
