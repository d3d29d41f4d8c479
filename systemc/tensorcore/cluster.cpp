// Thread-block clusters (see cluster.h).
#include "tensorcore/cluster.h"

#include <fmt/format.h>

namespace npu::model {

ClusterGroup::ClusterGroup(BlockScheduler& clusters, std::vector<SmCore*> sms, int slot,
                           uint32_t roles_per_cta)
    : m_clusters(clusters), m_sms(std::move(sms)), m_slot(slot), m_roles_per_cta(roles_per_cta) {}

void ClusterGroup::gang_start(size_t k) {
  ++m_gang_arrivals;
  const uint64_t all = static_cast<uint64_t>(size()) * (k + 1);
  if (m_gang_arrivals == all) {
    m_alive = size() * m_roles_per_cta;
    m_arrived = 0;
    m_gang.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  while (m_gang_arrivals < all) sc_core::wait(m_gang);
}

void ClusterGroup::complete_if_all(uint64_t latency_fs) {
  if (m_arrived == 0 || m_arrived < m_alive) return;
  m_arrived = 0;
  ++m_phase;
  m_release_fs = sc_core::sc_time_stamp().value() + latency_fs;
  m_released.notify(sc_core::sc_time::from_value(latency_fs));
}

uint64_t ClusterGroup::barrier(uint64_t latency_fs) {
  const uint64_t phase = m_phase;
  ++m_arrived;
  complete_if_all(latency_fs);
  while (m_phase == phase) sc_core::wait(m_released);
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (m_release_fs > now) sc_core::wait(sc_core::sc_time::from_value(m_release_fs - now));
  return m_release_fs;
}

void ClusterGroup::role_halted(uint64_t latency_fs) {
  if (m_alive > 0) --m_alive;
  complete_if_all(latency_fs);
}

std::string ClusterGroup::barrier_state() const {
  return fmt::format("cluster barrier: {} of {} running control threads arrived", m_arrived,
                     m_alive);
}

}  // namespace npu::model
