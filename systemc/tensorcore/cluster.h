// Thread-block clusters (Hopper): a launch with a cluster size C runs its grid as grid / C clusters
// of C CTAs. The SMs are grouped in fixed groups of C consecutive SMs (SM C*g .. C*g+C-1; a
// stand-in for Hopper's GPCs, which place a cluster's CTAs on SMs of one GPC; SMs past the last
// whole group idle). A group takes whole clusters from the chip's scheduler; its SMs start each
// cluster together (gang start: the CTAs of a cluster are co-resident, as on Hopper), CTA r of
// the cluster on the group's SM r (cluster_rank r, block_idx = cluster * C + r). With several
// resident CTAs per SM, each slot S forms its own groups (slot S of the group's SMs). The group
// also holds the cluster barrier (cluster.sync) and lets the CTAs reach each other's SMEM and
// mbarriers (TMA multicast, remote mbarrier arrive) through their SMs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <systemc>
#include <vector>

#include "chip/kernel.h"

namespace npu::model {

class SmCore;

class ClusterGroup {
 public:
  // clusters: the chip's scheduler over cluster indices; sms: the group's SMs by rank, whose
  // CTA slot `slot` it runs on.
  ClusterGroup(BlockScheduler& clusters, std::vector<SmCore*> sms, int slot,
               uint32_t roles_per_cta);

  uint32_t size() const { return static_cast<uint32_t>(m_sms.size()); }
  SmCore& sm(uint32_t rank) { return *m_sms[rank]; }
  int slot() const { return m_slot; }
  // The group's k-th cluster (whichever SM asks first takes it from the scheduler), or none.
  std::optional<uint32_t> cluster(size_t k) { return m_clusters.block(k); }
  // Gang start: blocks the calling SM until every SM of the group is ready for its k-th cluster;
  // the last one to arrive arms the cluster barrier for the new cluster.
  void gang_start(size_t k);
  // Cluster barrier: the calling control thread arrives and blocks until every control thread of
  // every CTA of the cluster has arrived or halted; returns the time (fs) it is released, at
  // least `latency_fs` after the last arrival.
  uint64_t barrier(uint64_t latency_fs);
  // A control thread halted: it no longer takes part in the cluster barrier.
  void role_halted(uint64_t latency_fs);
  // For fault reports: "cluster barrier: 3 of 8 control threads arrived".
  std::string barrier_state() const;

 private:
  void complete_if_all(uint64_t latency_fs);
  CoreBlocks m_clusters;
  std::vector<SmCore*> m_sms;
  int m_slot;
  uint32_t m_roles_per_cta;
  uint64_t m_gang_arrivals = 0;
  sc_core::sc_event m_gang;
  uint32_t m_alive = 0, m_arrived = 0;
  uint64_t m_phase = 0, m_release_fs = 0;
  sc_core::sc_event m_released;
};

}  // namespace npu::model
