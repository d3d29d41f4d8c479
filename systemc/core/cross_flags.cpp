// Cross-core flags (see cross_flags.h).
#include "core/cross_flags.h"

#include <fmt/format.h>

#include <algorithm>

namespace npu::model {

int CrossCoreFlags::add_member(int core, int aiv, bool active) {
  auto m = std::make_unique<Member>();
  m->core = core;
  m->aiv = aiv;
  m->active = active;
  m_members.push_back(std::move(m));
  return static_cast<int>(m_members.size()) - 1;
}

std::vector<int> CrossCoreFlags::aivs_of(int core) const {
  std::vector<int> out;
  for (size_t i = 0; i < m_members.size(); ++i) {
    const Member& m = *m_members[i];
    if (m.core == core && m.aiv >= 0 && m.active) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<int> CrossCoreFlags::everyone() const {
  std::vector<int> out;
  for (size_t i = 0; i < m_members.size(); ++i) {
    if (m_members[i]->active && m_members[i]->core < m_cores_used)
      out.push_back(static_cast<int>(i));
  }
  return out;
}

CrossCoreFlags::Channel& CrossCoreFlags::channel(const Key& k, const std::vector<int>& senders,
                                                 const std::vector<int>& recv) {
  auto [it, fresh] = m_channels.try_emplace(k);
  if (fresh) {
    it->second.senders = senders;
    it->second.receivers = recv;
  }
  return it->second;
}

std::string CrossCoreFlags::set(int slot, int mode, int id, uint64_t latency_fs) {
  if (id < 0 || id >= isa::kNumCrossFlagIds) {
    return fmt::format("cross-core flag id {} out of range (0..{})", id, isa::kNumCrossFlagIds - 1);
  }
  const Member& me = *m_members[slot];
  const bool aiv = me.aiv >= 0;
  Channel* ch = nullptr;
  switch (mode) {
    case 0:
      ch = &channel({0, -1, 0, id}, everyone(), everyone());
      break;
    case 1:
      if (!aiv) return "cross-core flag mode 1 (between the AIVs of a core) set by an AIC";
      ch = &channel({1, me.core, 0, id}, aivs_of(me.core), aivs_of(me.core));
      break;
    case 2: {
      int aic = -1;
      for (size_t i = 0; i < m_members.size(); ++i) {
        if (m_members[i]->core == me.core && m_members[i]->aiv < 0) aic = static_cast<int>(i);
      }
      if (aiv)
        ch = &channel({2, me.core, 1, id}, aivs_of(me.core), {aic});
      else
        ch = &channel({2, me.core, 0, id}, {slot}, aivs_of(me.core));
      break;
    }
    default:
      return fmt::format("cross-core flag mode {} is not 0, 1 or 2", mode);
  }
  if (std::find(ch->senders.begin(), ch->senders.end(), slot) == ch->senders.end()) {
    return fmt::format("this sub-core does not take part in mode {} flags of this kernel", mode);
  }
  int& mine = ch->count[slot];
  if (mine >= isa::kCrossFlagMaxPending) {
    return fmt::format(
        "cross-core flag id {} (mode {}) set {} times with no matching set from "
        "the other senders: the counter saturates",
        id, mode, mine + 1);
  }
  ++mine;
  for (int s : ch->senders) {
    if (ch->count[s] == 0) return {};
  }
  for (int s : ch->senders) --ch->count[s];
  const uint64_t at = sc_core::sc_time_stamp().value() + latency_fs;
  for (int r : ch->receivers) {
    Member& m = *m_members[r];
    if (m.visible_at[id].size() >= static_cast<size_t>(isa::kCrossFlagMaxPending)) {
      return fmt::format(
          "cross-core flag id {} of core {} {} already holds {} sets: the counter "
          "saturates",
          id, m.core, m.aiv < 0 ? "AIC" : fmt::format("AIV{}", m.aiv), isa::kCrossFlagMaxPending);
    }
    m.visible_at[id].push_back(at);
    m.delivered[id].notify(sc_core::SC_ZERO_TIME);
  }
  return {};
}

void CrossCoreFlags::wait(int slot, int id) {
  Member& m = *m_members[slot];
  for (;;) {
    auto& q = m.visible_at[id];
    if (q.empty()) {
      sc_core::wait(m.delivered[id]);
      continue;
    }
    const uint64_t now = sc_core::sc_time_stamp().value();
    if (q.front() <= now) {
      q.pop_front();
      return;
    }
    sc_core::wait(sc_core::sc_time::from_value(q.front() - now));
  }
}

std::string CrossCoreFlags::pending(int slot) const {
  std::string out;
  const Member& m = *m_members[slot];
  for (int id = 0; id < isa::kNumCrossFlagIds; ++id) {
    if (!m.visible_at[id].empty()) {
      out += fmt::format("{}id {} = {}", out.empty() ? "" : ", ", id, m.visible_at[id].size());
    }
  }
  return out;
}

std::string CrossCoreFlags::pending_sets() const {
  std::string out;
  for (const auto& [key, ch] : m_channels) {
    for (const auto& [s, n] : ch.count) {
      if (n == 0) continue;
      const Member& m = *m_members[s];
      out += fmt::format("{}core {} {} set mode {} id {} x{} without its partners",
                         out.empty() ? "" : "; ", m.core,
                         m.aiv < 0 ? "AIC" : fmt::format("AIV{}", m.aiv), std::get<0>(key),
                         std::get<3>(key), n);
    }
  }
  return out;
}

}  // namespace npu::model
