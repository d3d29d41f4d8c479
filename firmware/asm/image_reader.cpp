// The .fw reader (see image.h): bounds-checked parsing of the header, the section directory and
// each section, then check_image. Every read goes through a Cursor that refuses to step past its
// slice, sizes are compared by subtraction (never offset + size, which can overflow), and counts
// are checked against the bytes that could hold them before anything is allocated.
// Deliberately ignores gaps and trailing bytes between sections; overlapping sections are errors.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "asm/image.h"

namespace npu::as {
namespace {

constexpr size_t kHeaderSize = 16;
constexpr size_t kEntrySize = 24;
constexpr uint32_t kNumKinds = 7;

// A read-only window over bytes; every read checks the remaining length first.
class Cursor {
 public:
  explicit Cursor(std::span<const uint8_t> bytes) : m_bytes(bytes) {}

  size_t left() const { return m_bytes.size() - m_pos; }
  bool u16(uint16_t& v) { return get(v); }
  bool u32(uint32_t& v) { return get(v); }
  bool u64(uint64_t& v) { return get(v); }
  // false (and len set) when the string's bytes run past the window.
  bool str(std::string& s, uint32_t& len) {
    if (!u32(len) || len > left()) {
      return false;
    }
    s.assign(reinterpret_cast<const char*>(m_bytes.data() + m_pos), len);
    m_pos += len;
    return true;
  }

 private:
  template <typename T>
  bool get(T& v) {
    if (left() < sizeof(T)) {
      return false;
    }
    uint64_t acc = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      acc |= static_cast<uint64_t>(m_bytes[m_pos + i]) << (8 * i);
    }
    v = static_cast<T>(acc);
    m_pos += sizeof(T);
    return true;
  }

  // STATE
  std::span<const uint8_t> m_bytes;
  size_t m_pos = 0;
};

struct Entry {
  SectionKind kind;
  uint64_t offset;
  uint64_t size;
};

// Parses one section's body into image; returns an error sentence or "".
class SectionParser {
 public:
  SectionParser(SectionKind kind, std::span<const uint8_t> body, Image& image)
      : m_kind(kind), m_cur(body), m_size(body.size()), m_image(image) {}

  std::string run() {
    std::string err = parse();
    if (err.empty() && m_cur.left() != 0) {
      err = fmt::format("section {} has {} unused bytes at its end", name(), m_cur.left());
    }
    return err;
  }

 private:
  std::string_view name() const { return section_name(m_kind); }

  std::string truncated() const {
    return fmt::format("section {} ends in the middle of an entry ({} bytes)", name(), m_size);
  }

  // Reads an entry count and checks that count entries of at least min_entry bytes fit.
  std::string count(uint32_t& n, size_t min_entry) {
    if (!m_cur.u32(n)) {
      return truncated();
    }
    if (static_cast<uint64_t>(n) * min_entry > m_cur.left()) {
      return fmt::format("section {} claims {} entries but holds only {} bytes", name(), n, m_size);
    }
    return {};
  }

  std::string string(std::string& s) {
    uint32_t len = 0;
    if (!m_cur.str(s, len)) {
      return fmt::format("a string in section {} runs past the section (length {}, {} bytes left)",
                         name(), len, m_cur.left());
    }
    return {};
  }

  std::string parse() {
    uint32_t n = 0;
    std::string err;
    switch (m_kind) {
      case SectionKind::kCode:
        if (m_size % 8 != 0) {
          return fmt::format("section CODE size {} is not a multiple of 8", m_size);
        }
        m_image.code.resize(m_size / 8);
        for (uint64_t& w : m_image.code) {
          m_cur.u64(w);
        }
        return {};
      case SectionKind::kParams:
        if (!(err = count(n, 8)).empty()) {
          return err;
        }
        for (uint32_t i = 0; i < n; ++i) {
          Param p{};
          uint32_t type = 0;
          if (!(err = string(p.name)).empty()) {
            return err;
          }
          if (!m_cur.u32(type)) {
            return truncated();
          }
          if (type >= static_cast<uint32_t>(ParamType::kCount)) {
            return fmt::format("parameter {} has unknown type {}", i, type);
          }
          p.type = static_cast<ParamType>(type);
          m_image.params.push_back(std::move(p));
        }
        return {};
      case SectionKind::kSymbols:
        if (!(err = count(n, 12)).empty()) {
          return err;
        }
        for (uint32_t i = 0; i < n; ++i) {
          Symbol s{};
          uint64_t pc = 0;
          if (!(err = string(s.name)).empty()) {
            return err;
          }
          if (!m_cur.u64(pc)) {
            return truncated();
          }
          s.pc = pc;
          m_image.symbols.push_back(std::move(s));
        }
        return {};
      case SectionKind::kLines:
        if (!(err = count(n, 20)).empty()) {
          return err;
        }
        for (uint32_t i = 0; i < n; ++i) {
          LineEntry l{};
          uint64_t pc = 0;
          if (!m_cur.u64(pc) || !m_cur.u32(l.line) || !m_cur.u32(l.col)) {
            return truncated();
          }
          l.pc = pc;
          if (!(err = string(l.text)).empty()) {
            return err;
          }
          m_image.lines.push_back(std::move(l));
        }
        return {};
      case SectionKind::kSourceName:
        return string(m_image.source_name);
      case SectionKind::kKernelName:
        return string(m_image.kernel);
      case SectionKind::kCta: {
        uint32_t mask = 0;
        uint64_t v[3] = {};
        if (!m_cur.u32(mask) || !m_cur.u64(v[0]) || !m_cur.u64(v[1]) || !m_cur.u64(v[2])) {
          return truncated();
        }
        if (mask > 15) return fmt::format("section CTA has unknown declaration bits 0x{:x}", mask);
        CtaDeclaration& c = m_image.cta;
        if (mask & 8) {
          uint64_t regs = 0;
          if (!m_cur.u64(regs)) return truncated();
          c.regs = regs;
        }
        if (mask & 1) c.smem_bytes = v[0];
        if (mask & 2) c.rf_bytes = v[1];
        if (mask & 4) c.threads = v[2];
        return {};
      }
    }
    return "internal: unknown section kind";
  }

  // CONFIG
  SectionKind m_kind;
  Cursor m_cur;
  size_t m_size;
  // STATE
  Image& m_image;
};

std::string read_into(std::span<const uint8_t> bytes, Image& image) {
  const uint64_t file = bytes.size();
  if (file < kHeaderSize) {
    return fmt::format("file is {} bytes, shorter than the {}-byte header", file, kHeaderSize);
  }
  if (std::memcmp(bytes.data(), kImageMagic, sizeof(kImageMagic)) != 0) {
    return "wrong magic (not an npuemu firmware file)";
  }
  Cursor header(bytes.subspan(8, 8));
  uint16_t version = 0, family = 0;
  uint32_t count = 0;
  header.u16(version);
  header.u16(family);
  header.u32(count);
  if (version != kImageVersion) {
    return fmt::format("unsupported version {} (expected {})", version, kImageVersion);
  }
  if (family != static_cast<uint16_t>(isa::Family::kDaVinci) &&
      family != static_cast<uint16_t>(isa::Family::kTensorCore)) {
    return fmt::format("unknown chip family {}", family);
  }
  image.family = static_cast<isa::Family>(family);
  const uint64_t dir_end = kHeaderSize + kEntrySize * static_cast<uint64_t>(count);
  if (dir_end > file) {
    return fmt::format("section directory of {} entries extends past end of file (file {})", count,
                       file);
  }
  std::vector<Entry> entries;
  std::array<bool, kNumKinds + 1> seen{};
  Cursor dir(bytes.subspan(kHeaderSize, dir_end - kHeaderSize));
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t kind = 0, reserved = 0;
    uint64_t offset = 0, size = 0;
    dir.u32(kind);
    dir.u32(reserved);
    dir.u64(offset);
    dir.u64(size);
    if (kind == 0 || kind > kNumKinds) {
      return fmt::format("directory entry {} has unknown section kind {}", i, kind);
    }
    auto sk = static_cast<SectionKind>(kind);
    std::string_view name = section_name(sk);
    if (seen[kind]) {
      return fmt::format("duplicate section {}", name);
    }
    seen[kind] = true;
    if (reserved != 0) {
      return fmt::format("section {} has a nonzero reserved field", name);
    }
    if (offset > file || size > file - offset) {
      return fmt::format("section {} extends past end of file (offset {}, size {}, file {})", name,
                         offset, size, file);
    }
    if (offset < dir_end) {
      return fmt::format("section {} overlaps the header or directory (offset {})", name, offset);
    }
    entries.push_back({sk, offset, size});
  }
  for (SectionKind required :
       {SectionKind::kCode, SectionKind::kParams, SectionKind::kKernelName}) {
    if (!seen[static_cast<uint32_t>(required)]) {
      return fmt::format("missing section {}", section_name(required));
    }
  }
  std::vector<Entry> by_offset = entries;
  std::sort(by_offset.begin(), by_offset.end(),
            [](const Entry& a, const Entry& b) { return a.offset < b.offset; });
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const Entry& a = by_offset[i - 1];
    if (a.size > by_offset[i].offset - a.offset) {
      return fmt::format("sections {} and {} overlap", section_name(a.kind),
                         section_name(by_offset[i].kind));
    }
  }
  for (const Entry& e : entries) {
    std::string err = SectionParser(e.kind, bytes.subspan(e.offset, e.size), image).run();
    if (!err.empty()) {
      return err;
    }
  }
  return check_image(image);
}

}  // namespace

ReadResult read_image(std::span<const uint8_t> bytes) {
  Image image;
  std::string err = read_into(bytes, image);
  if (!err.empty()) {
    return {std::nullopt, "bad firmware image: " + err};
  }
  return {std::move(image), {}};
}

}  // namespace npu::as
