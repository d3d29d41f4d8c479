// NumPy .npy reader/writer (see npy.h). The header is a Python dict literal; a small recursive
// descent parser accepts exactly the literals numpy writes (strings, True/False, int tuples).
//
// Whole files are read into memory: testbench tensors are at most a few hundred MiB.
#include "util/npy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <system_error>
#include <utility>

#include "io/atomic_file.h"

namespace npu::tb {

namespace {

constexpr std::array<char, 6> kMagic = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

struct Header {
  std::string descr;
  bool fortran_order = false;
  std::vector<size_t> shape;
};

// Parses numpy's header dict: {'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }.
class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : m_s(text) {}

  std::string parse(Header& h) {
    bool have_descr = false, have_order = false, have_shape = false;
    skip_ws();
    if (!eat('{')) {
      return "header is not a dict (expected '{')";
    }
    while (true) {
      skip_ws();
      if (eat('}')) {
        break;
      }
      std::string key;
      if (!parse_string(key)) {
        return "header dict: expected a quoted key at offset " + std::to_string(m_p);
      }
      skip_ws();
      if (!eat(':')) {
        return "header dict: expected ':' after '" + key + "'";
      }
      skip_ws();
      if (key == "descr") {
        if (!parse_string(h.descr)) {
          return "header dict: 'descr' is not a string (structured dtypes are not supported)";
        }
        have_descr = true;
      } else if (key == "fortran_order") {
        if (!parse_bool(h.fortran_order)) {
          return "header dict: 'fortran_order' is not True or False";
        }
        have_order = true;
      } else if (key == "shape") {
        if (std::string err = parse_shape(h.shape); !err.empty()) {
          return "header dict: 'shape' " + err;
        }
        have_shape = true;
      } else {
        return "header dict: unexpected key '" + key + "'";
      }
      skip_ws();
      if (eat(',')) {
        continue;
      }
      skip_ws();
      if (eat('}')) {
        break;
      }
      return "header dict: expected ',' or '}' at offset " + std::to_string(m_p);
    }
    if (!have_descr || !have_order || !have_shape) {
      return "header dict lacks one of 'descr', 'fortran_order', 'shape'";
    }
    return {};
  }

 private:
  void skip_ws() {
    while (m_p < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_p]))) {
      ++m_p;
    }
  }
  bool eat(char c) {
    if (m_p < m_s.size() && m_s[m_p] == c) {
      ++m_p;
      return true;
    }
    return false;
  }
  bool eat_word(std::string_view w) {
    if (m_s.substr(m_p, w.size()) == w) {
      m_p += w.size();
      return true;
    }
    return false;
  }
  bool parse_string(std::string& out) {
    if (m_p >= m_s.size() || (m_s[m_p] != '\'' && m_s[m_p] != '"')) {
      return false;
    }
    const char quote = m_s[m_p++];
    const size_t end = m_s.find(quote, m_p);
    if (end == std::string_view::npos) {
      return false;
    }
    out = std::string(m_s.substr(m_p, end - m_p));
    m_p = end + 1;
    return true;
  }
  bool parse_bool(bool& out) {
    if (eat_word("True")) {
      out = true;
      return true;
    }
    if (eat_word("False")) {
      out = false;
      return true;
    }
    return false;
  }
  std::string parse_shape(std::vector<size_t>& shape) {
    if (!eat('(')) {
      return "is not a tuple";
    }
    while (true) {
      skip_ws();
      if (eat(')')) {
        return {};
      }
      if (m_p >= m_s.size() || !std::isdigit(static_cast<unsigned char>(m_s[m_p]))) {
        return "holds something other than a non-negative integer";
      }
      size_t v = 0;
      while (m_p < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_p]))) {
        const size_t digit = static_cast<size_t>(m_s[m_p++] - '0');
        if (v > (std::numeric_limits<size_t>::max() - digit) / 10) {
          return "has a dimension that overflows";
        }
        v = v * 10 + digit;
      }
      eat('L');  // Python 2 long suffix
      shape.push_back(v);
      skip_ws();
      if (!eat(',')) {
        skip_ws();
        if (!eat(')')) {
          return "is not a well-formed tuple";
        }
        return {};
      }
    }
  }

  std::string_view m_s;
  size_t m_p = 0;
};

std::string shape_str(const std::vector<size_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    s += std::to_string(shape[i]);
    if (i + 1 < shape.size() || shape.size() == 1) {
      s += shape.size() == 1 ? "," : ", ";
    }
  }
  return s + ")";
}

// Product of the shape times the item size; nullopt on overflow.
std::optional<size_t> byte_count(const std::vector<size_t>& shape, size_t itemsize) {
  size_t n = itemsize;
  for (size_t d : shape) {
    if (d != 0 && n > std::numeric_limits<size_t>::max() / d) {
      return std::nullopt;
    }
    n *= d;
  }
  return n;
}

uint32_t read_le(std::span<const uint8_t> b, size_t at, size_t bytes) {
  uint32_t v = 0;
  for (size_t i = 0; i < bytes; ++i) {
    v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
  }
  return v;
}

NpyReadResult fail(const std::string& path, const std::string& what) {
  return {std::nullopt, path + ": " + what};
}

}  // namespace

size_t NpyArray::element_count() const {
  size_t n = 1;
  for (size_t d : shape) {
    n *= d;
  }
  return n;
}

size_t npy_itemsize(std::string_view descr) {
  static constexpr std::pair<std::string_view, size_t> kTypes[] = {
      {"<f2", 2}, {"<f4", 4}, {"<i4", 4}, {"|i1", 1}, {"<i8", 8}, {"|u1", 1}, {"<u2", 2}};
  for (const auto& [name, size] : kTypes) {
    if (name == descr) {
      return size;
    }
  }
  return 0;
}

NpyReadResult read_npy(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return fail(path, "no such file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(path, std::string("cannot open: ") + std::strerror(errno));
  }
  std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    return fail(path, "read error");
  }
  return parse_npy(b, path);
}

// The checks of parse_npy on the first bytes of a file of file_size bytes (b holds at least the
// whole header when the file has one): fills a's dtype and shape and the data offset.
NpyReadResult check_header(std::span<const uint8_t> b, size_t file_size, const std::string& path,
                           size_t& data_at) {
  if (b.size() < kMagic.size() || std::memcmp(b.data(), kMagic.data(), kMagic.size()) != 0) {
    return fail(path, "bad magic: not a .npy file");
  }
  if (b.size() < 8) {
    return fail(path, "truncated header (no version)");
  }
  const int major = b[6], minor = b[7];
  if (major < 1 || major > 3) {
    return fail(path, "unsupported .npy format version " + std::to_string(major) + "." +
                          std::to_string(minor));
  }
  const size_t len_bytes = major == 1 ? 2 : 4;
  const size_t header_at = 8 + len_bytes;
  if (b.size() < header_at) {
    return fail(path, "truncated header (no header length)");
  }
  const size_t header_len = read_le(b, 8, len_bytes);
  if (b.size() - header_at < header_len) {
    return fail(path, "truncated header: needs " + std::to_string(header_len) +
                          " bytes, file has " + std::to_string(b.size() - header_at));
  }
  const std::string_view text(reinterpret_cast<const char*>(b.data()) + header_at, header_len);
  Header h;
  if (std::string err = HeaderParser(text).parse(h); !err.empty()) {
    return fail(path, "unparsable header: " + err);
  }
  if (h.fortran_order) {
    return fail(path, "Fortran-order arrays are not supported; save with np.ascontiguousarray");
  }
  const size_t itemsize = npy_itemsize(h.descr);
  if (itemsize == 0) {
    if (!h.descr.empty() && h.descr[0] == '>') {
      return fail(path, "big-endian dtype '" + h.descr + "' is not supported; convert with " +
                            "arr.astype(arr.dtype.newbyteorder('<'))");
    }
    return fail(path,
                "unsupported dtype '" + h.descr + "' (supported: <f2 <f4 <i4 |i1 <i8 |u1 <u2)");
  }
  const std::optional<size_t> need = byte_count(h.shape, itemsize);
  const size_t have = file_size - header_at - header_len;
  if (!need || *need != have) {
    return fail(path, "data size does not match the shape: " + shape_str(h.shape) + " of " +
                          h.descr + " needs " + (need ? std::to_string(*need) : "too many") +
                          " bytes, file has " + std::to_string(have));
  }
  NpyArray a;
  a.dtype = h.descr;
  a.shape = std::move(h.shape);
  data_at = header_at + header_len;
  return {std::move(a), {}};
}

NpyReadResult parse_npy(std::span<const uint8_t> b, const std::string& path) {
  size_t data_at = 0;
  NpyReadResult r = check_header(b, b.size(), path, data_at);
  if (r.array) r.array->data.assign(b.begin() + static_cast<std::ptrdiff_t>(data_at), b.end());
  return r;
}

NpyReadResult read_npy_into(const std::string& path,
                            const std::function<uint8_t*(const NpyArray&, std::string&)>& place) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return fail(path, "no such file");
  }
  const size_t file_size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (!in || ec) {
    return fail(path, std::string("cannot open: ") + std::strerror(errno));
  }
  // Version 2/3 header lengths are 4 bytes; numpy never writes headers near this bound.
  std::vector<uint8_t> head(std::min<size_t>(file_size, size_t{1} << 20));
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  if (!in) {
    return fail(path, "read error");
  }
  size_t data_at = 0;
  NpyReadResult r = check_header(head, file_size, path, data_at);
  if (!r.array) return r;
  std::string why;
  uint8_t* dst = place(*r.array, why);
  if (dst == nullptr) return fail(path, why);
  const size_t bytes = file_size - data_at;
  const size_t in_head = std::min(bytes, head.size() - std::min(head.size(), data_at));
  std::memcpy(dst, head.data() + data_at, in_head);
  in.read(reinterpret_cast<char*>(dst + in_head), static_cast<std::streamsize>(bytes - in_head));
  if (bytes > in_head && !in) {
    return fail(path, "read error");
  }
  return r;
}

std::string write_npy(const std::string& path, const NpyArray& array) {
  return write_npy(path, array.dtype, array.shape, array.data);
}

std::string write_npy(const std::string& path, const std::string& dtype,
                      const std::vector<size_t>& shape, std::span<const uint8_t> data) {
  const size_t itemsize = npy_itemsize(dtype);
  if (itemsize == 0) {
    return path + ": unsupported dtype '" + dtype + "'";
  }
  const std::optional<size_t> need = byte_count(shape, itemsize);
  if (!need || *need != data.size()) {
    return path + ": data has " + std::to_string(data.size()) + " bytes, shape " +
           shape_str(shape) + " of " + dtype + " needs " +
           (need ? std::to_string(*need) : "too many");
  }
  std::string dict =
      "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape_str(shape) + ", }";
  // Pad with spaces and a final newline so that magic + version + length + header is a multiple
  // of 64 bytes (what numpy writes).
  const size_t unpadded = kMagic.size() + 2 + 2 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict.push_back('\n');
  if (dict.size() > 0xffff) {
    return path + ": header too long for .npy version 1.0";
  }

  std::vector<uint8_t> header(kMagic.begin(), kMagic.end());
  header.insert(header.end(), {1, 0, static_cast<uint8_t>(dict.size() & 0xff),
                               static_cast<uint8_t>(dict.size() >> 8)});
  header.insert(header.end(), dict.begin(), dict.end());
  return io::write_file_atomic(path, {header, data});  // the data is not copied
}

}  // namespace npu::tb
