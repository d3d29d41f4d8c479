// Perfetto / Chrome trace JSON writer (see perfetto_trace.h). Events are written as they happen;
// ts/dur are microseconds with femtosecond-exact decimals as the Trace Event Format asks.
#include "trace/perfetto_trace.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include "asm/disassembler.h"

namespace npu::model {
namespace {

constexpr int kChipPid = 100000;  // the chip's counter tracks
constexpr int kNumTracks = isa::kNumPipes;

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += c;
    }
  }
  return out;
}

std::string us(uint64_t fs) {
  return fmt::format("{}.{:09d}", fs / 1'000'000'000, fs % 1'000'000'000);
}
uint64_t now_fs() { return sc_core::sc_time_stamp().value(); }

// Huawei's lane names, in its lane order: SCALAR, VECTOR, CUBE, MTE1, MTE2, MTE3, FIXP.
struct Lane {
  isa::Pipe pipe;
  const char* name;
};
constexpr Lane kLanes[] = {{isa::Pipe::kS, "SCALAR"},  {isa::Pipe::kVec, "VECTOR"},
                           {isa::Pipe::kCube, "CUBE"}, {isa::Pipe::kMte1, "MTE1"},
                           {isa::Pipe::kMte2, "MTE2"}, {isa::Pipe::kMte3, "MTE3"},
                           {isa::Pipe::kFix, "FIXP"}};

}  // namespace

// Per core: the engine observer (slices) and the sync observer (flow arrows).
class PerfettoTrace::CoreTap : public EngineObserver, public SyncObserver {
 public:
  CoreTap(PerfettoTrace& t, int core, int process) : m_t(t), m_core(core), m_proc(process) {}

  void on_start(const Engine& e, const Dispatched& d) override {
    Current& c = m_cur[track(e)];
    c = Current{};
    c.active = true;
    c.start_fs = now_fs();
    c.d = d;
  }
  void on_finish(const Engine& e, const Dispatched&) override { finish(track(e), now_fs(), false); }

  void on_signal(int track, uint64_t key, std::string_view label) override {
    const uint64_t id = m_t.m_next_flow++;
    m_pending[key].push_back(id);
    if (track < kNumTracks && m_cur[track].active) {
      m_cur[track].flows.push_back({true, id});
      return;
    }
    // A control thread signals: a one-cycle slice on its track carries the arrow's tail.
    const uint64_t t = now_fs();
    if (m_t.slice_in(m_core, t, t + m_t.m_clock.period_fs())) {
      m_t.slice(m_proc, track, "set_flag", t, t + m_t.m_clock.period_fs(),
                fmt::format("\"flag\":\"{}\"", json_escape(label)));
      emit_flow(true, id, track, t + m_t.m_clock.period_fs() / 2);
    }
  }

  void on_release(int track, uint64_t key, std::string_view label, uint64_t from) override {
    uint64_t id = 0;
    if (auto it = m_pending.find(key); it != m_pending.end() && !it->second.empty()) {
      id = it->second.front();
      it->second.pop_front();
    }
    if (track < kNumTracks && m_cur[track].active) {
      if (id) m_cur[track].flows.push_back({false, id, now_fs()});
      return;
    }
    const uint64_t t = now_fs(), end = std::max(t, from) + m_t.m_clock.period_fs();
    if (m_t.slice_in(m_core, from, end)) {
      m_t.slice(m_proc, track, "wait_flag", from, end,
                fmt::format("\"flag\":\"{}\"", json_escape(label)));
      if (id) emit_flow(false, id, track, (std::max(t, from) + end) / 2);
    }
  }

  // Phase objects: the signal's arrow tail is placed now, its arrows drawn at each release.
  void on_phase_signal(int track, uint64_t key, uint64_t phase, std::string_view label,
                       int64_t pc) override {
    const uint64_t t = now_fs(), period = m_t.m_clock.period_fs();
    PhaseSignal sig{track, 0, false};
    if (track < kNumTracks && m_cur[track].active) {  // inside the engine's instruction so far
      const uint64_t from = m_cur[track].start_fs;
      sig.at_fs = from + std::max<uint64_t>((t - from) / 2, 1);
      sig.shown = m_t.slice_in(m_core, sig.at_fs, sig.at_fs);
    } else {  // a control thread: a one-cycle slice of the instruction
      sig.at_fs = t + period / 2;
      sig.shown = control_slice(track, pc, label, phase, t, t + period);
    }
    auto& phases = m_phases[key];
    phases[phase].push_back(sig);
    // Phases four behind this one are past waiting for (a wait that did not block is not
    // released: its phase is dropped here).
    phases.erase(phases.begin(), phases.lower_bound(phase >= 4 ? phase - 4 : 0));
  }

  void on_phase_release(int track, uint64_t key, uint64_t phase, std::string_view label, int64_t pc,
                        uint64_t from) override {
    const uint64_t t = now_fs(), end = std::max(t, from) + m_t.m_clock.period_fs();
    const bool shown = control_slice(track, pc, label, phase, from, end);
    auto obj = m_phases.find(key);
    if (obj == m_phases.end()) return;
    auto ph = obj->second.find(phase);
    if (ph == obj->second.end()) return;
    for (const PhaseSignal& sig : ph->second) {
      if (!shown || !sig.shown) continue;
      const uint64_t id = m_t.m_next_flow++;
      m_t.flow(true, id, m_proc, sig.track, sig.at_fs, "sync", label);
      m_t.flow(false, id, m_proc, track, (std::max(t, from) + end) / 2, "sync", label);
    }
    // Late waiters of this phase or the one before may still come; older phases are done.
    obj->second.erase(obj->second.begin(), obj->second.lower_bound(phase > 0 ? phase - 1 : 0));
  }

  // Closes slices still open (the run stopped on a fault or the cycle budget).
  void close_open() {
    for (int tr = 0; tr < kNumTracks; ++tr) {
      if (m_cur[tr].active) finish(tr, now_fs(), true);
    }
  }

 private:
  struct FlowEnd {
    bool start;
    uint64_t id;
    uint64_t at_fs = 0;  // release time (ends); starts sit at the slice's start
  };
  struct PhaseSignal {
    int track;
    uint64_t at_fs;  // the arrow's tail, inside the signalling instruction's slice
    bool shown;      // that slice is in the trace
  };
  struct Current {
    bool active = false;
    uint64_t start_fs = 0;
    Dispatched d;
    std::vector<FlowEnd> flows;
  };

  static int track(const Engine& e) { return static_cast<int>(e.pipe()); }

  // A control thread's instruction (mbar.arrive, mbar.wait, ...) as a slice on its track, named
  // by its mnemonic. Returns whether it is in the trace.
  bool control_slice(int tr, int64_t pc, std::string_view label, uint64_t phase, uint64_t from,
                     uint64_t to) {
    if (!m_t.slice_in(m_core, from, to)) return false;
    const InstText& txt = m_t.text_at(pc);
    std::string args = fmt::format("\"sync\":\"{}\"", json_escape(label));
    if (phase != ~0ull) args += fmt::format(",\"phase\":{}", phase);
    if (pc >= 0) {
      args += fmt::format(",\"pc\":{},\"operands\":\"{}\",\"source\":\"{}\"", pc,
                          json_escape(txt.operands), json_escape(txt.source));
    }
    m_t.slice(m_proc, tr, txt.mnemonic.empty() ? label : txt.mnemonic, from, to, args);
    return true;
  }

  void finish(int tr, uint64_t end, bool unfinished) {
    Current& c = m_cur[tr];
    c.active = false;
    if (!m_t.slice_in(m_core, c.start_fs, end)) {
      for (const FlowEnd& f : c.flows) m_t.m_open_flows.erase(f.id);
      return;
    }
    const InstText& txt = m_t.text_at(c.d.pc, c.d.inst);
    const uint64_t period = m_t.m_clock.period_fs();
    std::string args = fmt::format(
        "\"pc\":{},\"operands\":\"{}\",\"values\":\"{}\",\"source\":\"{}\",\"queued_cycles\":{}",
        c.d.pc, json_escape(txt.operands), values(c.d), json_escape(txt.source),
        c.start_fs > c.d.ready_fs ? (c.start_fs - c.d.ready_fs) / period : 0);
    if (unfinished) args += ",\"unfinished\":true";
    m_t.slice(m_proc, tr, txt.mnemonic, c.start_fs, end, args);
    // Arrow ends sit strictly inside their slice (viewers bind them to the enclosing slice; a
    // slice boundary is shared with the neighbour): a start halfway through the set_flag, an end
    // halfway between the release and the end of the wait_flag.
    for (const FlowEnd& f : c.flows) {
      const uint64_t from = f.start ? c.start_fs : std::max(c.start_fs, f.at_fs);
      emit_flow(f.start, f.id, tr, from + (end - from) / 2);
    }
  }

  void emit_flow(bool start, uint64_t id, int tr, uint64_t at) {
    if (start) {
      m_t.m_open_flows.insert(id);
      m_t.flow(true, id, m_proc, tr, at);
    } else if (m_t.m_open_flows.erase(id)) {
      m_t.flow(false, id, m_proc, tr, at);
    }
  }

  // Register operand values as captured at dispatch: "x3=0x1000 x4=256".
  static std::string values(const Dispatched& d) {
    std::string out;
    const isa::OpInfo& info = *d.inst->info;
    for (int i = 0; i < info.num_operands; ++i) {
      const isa::OperandSpec& op = info.operands[i];
      if (op.kind != isa::OperandKind::kReg) continue;
      const int f = static_cast<int>(op.field);
      const uint64_t v = d.v[f];
      out += out.empty() ? "" : " ";
      out += v >= 4096 ? fmt::format("x{}=0x{:x}", d.inst->r[f], v)
                       : fmt::format("x{}={}", d.inst->r[f], v);
    }
    return out;
  }

  PerfettoTrace& m_t;
  int m_core;  // for the core filter
  int m_proc;  // the trace process (one per control thread: a core, or an AIC / AIV)
  std::array<Current, kNumTracks> m_cur;
  std::map<uint64_t, std::deque<uint64_t>> m_pending;  // signalled, not yet released, per key
  std::map<uint64_t, std::map<uint64_t, std::vector<PhaseSignal>>> m_phases;  // key, phase
};

PerfettoTrace::PerfettoTrace(const std::string& path, TraceFilter filter, const as::Image* image,
                             const Clock& clock)
    : m_path(path),
      m_tmp(fmt::format("{}.tmp.{}", path, getpid())),
      m_filter(std::move(filter)),
      m_image(image),
      m_clock(clock) {
  m_file = std::fopen(m_tmp.c_str(), "w");
  if (!m_file) {
    m_error = fmt::format("cannot write trace file '{}'", path);
    return;
  }
  std::fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", m_file);
  raw(fmt::format(R"({{"ph":"M","name":"process_name","pid":{},"args":{{"name":"chip"}}}})",
                  kChipPid));
  raw(fmt::format(R"({{"ph":"M","name":"process_sort_index","pid":{},"args":{{"sort_index":-1}}}})",
                  kChipPid));
}

PerfettoTrace::~PerfettoTrace() {
  if (m_file) {
    std::fclose(m_file);
    std::remove(m_tmp.c_str());
  }
}

std::vector<TraceTrack> PerfettoTrace::huawei_lanes(const std::vector<Engine*>& engines) {
  std::vector<TraceTrack> out;
  for (const Lane& l : kLanes) {
    const bool has =
        l.pipe == isa::Pipe::kS ||
        std::any_of(engines.begin(), engines.end(), [&](Engine* e) { return e->pipe() == l.pipe; });
    if (has) out.push_back({static_cast<int>(l.pipe), l.name});
  }
  return out;
}

SyncObserver* PerfettoTrace::add_core(int core_id, int process, const std::string& name,
                                      const std::vector<Engine*>& engines,
                                      const std::vector<TraceTrack>& tracks) {
  if (!m_filter.cores.empty() && !m_filter.cores.count(core_id)) return nullptr;
  const int pid = process + 1;
  raw(fmt::format(R"({{"ph":"M","name":"process_name","pid":{},"args":{{"name":"{}"}}}})", pid,
                  json_escape(name)));
  raw(fmt::format(R"({{"ph":"M","name":"process_sort_index","pid":{},"args":{{"sort_index":{}}}}})",
                  pid, process));
  int order = 0;
  for (const TraceTrack& t : tracks) {
    raw(fmt::format(R"({{"ph":"M","name":"thread_name","pid":{},"tid":{},"args":{{"name":"{}"}}}})",
                    pid, t.track + 1, json_escape(t.name)));
    raw(fmt::format(
        R"({{"ph":"M","name":"thread_sort_index","pid":{},"tid":{},"args":{{"sort_index":{}}}}})",
        pid, t.track + 1, order++));
  }
  m_taps.push_back(std::make_unique<CoreTap>(*this, core_id, process));
  for (Engine* e : engines) e->add_observer(m_taps.back().get());
  return m_taps.back().get();
}

const PerfettoTrace::InstText& PerfettoTrace::text_at(int64_t pc, const isa::Inst* inst) {
  auto [it, fresh] = m_text.try_emplace(pc);
  if (!fresh || pc < 0 || !m_image) return it->second;
  isa::Inst decoded;
  if (!inst && static_cast<size_t>(pc) < m_image->code.size()) {
    isa::DecodeResult r = isa::decode(m_image->family, m_image->code[pc]);
    if (r.inst) decoded = *r.inst;
    inst = r.inst ? &decoded : nullptr;
  }
  if (inst) {
    const std::string dis = as::disassemble_inst(*inst, m_image);
    const size_t sp = dis.find(' ');
    it->second.mnemonic = dis.substr(0, sp);
    if (sp != std::string::npos) it->second.operands = dis.substr(sp + 1);
  }
  if (const as::LineEntry* le = m_image->line_for_pc(pc)) {
    std::string text = le->text;
    text.erase(0, text.find_first_not_of(" \t"));
    it->second.source = fmt::format("{}:{}: {}", m_image->source_name, le->line, text);
  }
  return it->second;
}

bool PerfettoTrace::slice_in(int, uint64_t from_fs, uint64_t to_fs) const {
  return m_file && m_filter.window.overlaps(from_fs, to_fs);
}

void PerfettoTrace::slice(int core, int track, std::string_view name, uint64_t from_fs,
                          uint64_t to_fs, const std::string& args) {
  ++m_slices;
  raw(fmt::format(R"({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":"{}","args":{{{}}}}})",
                  core + 1, track + 1, us(from_fs), us(to_fs - from_fs), json_escape(name), args));
}

void PerfettoTrace::flow(bool start, uint64_t id, int core, int track, uint64_t at_fs,
                         std::string_view cat, std::string_view name) {
  const std::string c = json_escape(cat), n = json_escape(name.empty() ? cat : name);
  if (start) {
    raw(fmt::format(R"({{"ph":"s","cat":"{}","name":"{}","id":{},"pid":{},"tid":{},"ts":{}}})", c,
                    n, id, core + 1, track + 1, us(at_fs)));
  } else {
    ++m_flows;
    raw(fmt::format(
        R"({{"ph":"f","bp":"e","cat":"{}","name":"{}","id":{},"pid":{},"tid":{},"ts":{}}})", c, n,
        id, core + 1, track + 1, us(at_fs)));
  }
}

void PerfettoTrace::counter(std::string_view name, std::string_view unit, double value,
                            uint64_t at_fs) {
  if (!m_file) return;
  auto it = m_counters.find(name);
  if (it == m_counters.end()) it = m_counters.emplace(std::string(name), CounterState{}).first;
  CounterState& c = it->second;
  const uint64_t t = at_fs == ~0ull ? now_fs() : at_fs;
  auto emit = [&](uint64_t at, double v) {
    raw(fmt::format(R"({{"ph":"C","pid":{},"name":"{}","ts":{},"args":{{"{}":{}}}}})", kChipPid,
                    json_escape(name), us(at), json_escape(unit), v));
    c.emitted = true;
  };
  if (c.emitted && c.last == value && t >= m_filter.window.from_fs) return;
  if (t < m_filter.window.from_fs) {  // remember the value in force when the window opens
    c.last = value;
    c.pending = true;
    c.unit = std::string(unit);
    return;
  }
  if (t > m_filter.window.to_fs) return;
  if (c.pending) {
    emit(m_filter.window.from_fs, c.last);
    c.pending = false;
  }
  emit(t, value);
  c.last = value;
  c.unit = std::string(unit);
}

void PerfettoTrace::raw(const std::string& event) {
  if (!m_file) return;
  if (!m_first) std::fputs(",\n", m_file);
  m_first = false;
  std::fputs(event.c_str(), m_file);
}

std::string PerfettoTrace::close() {
  if (!m_file) return m_error;
  for (auto& tap : m_taps) tap->close_open();
  for (auto& [name, c] : m_counters) {  // counters hold their last value to the end
    if (c.pending && now_fs() >= m_filter.window.from_fs) {
      c.pending = false;
      counter(name, c.unit, c.last);
    }
  }
  std::fputs("\n]}\n", m_file);
  const bool write_ok = std::ferror(m_file) == 0;
  const bool close_ok = std::fclose(m_file) == 0;
  m_file = nullptr;
  if (!write_ok || !close_ok || std::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
    std::remove(m_tmp.c_str());
    return fmt::format("cannot write trace file '{}'", m_path);
  }
  return {};
}

}  // namespace npu::model
