// .npy reader/writer: round trips for every supported dtype and rank, one test per error the
// reader reports (each bad file crafted byte by byte in a temp dir), and interoperability with
// numpy itself when /usr/bin/python3 has it (skipped with a warning otherwise).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "util/npy.h"

namespace {

namespace fs = std::filesystem;
using npu::tb::NpyArray;
using npu::tb::read_npy;
using npu::tb::write_npy;

// A fresh directory per test case, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("npu_npy_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string header_v1(const std::string& dict) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64 != 0) {
    h.push_back(' ');
  }
  h.push_back('\n');
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(h.size() & 0xff);
  out += static_cast<char>(h.size() >> 8);
  return out + h;
}

void write_raw(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_error(const std::string& path, const std::string& bytes) {
  write_raw(path, bytes);
  const auto r = read_npy(path);
  CHECK(!r.array);
  return r.error;
}

NpyArray make(const std::string& dtype, std::vector<size_t> shape) {
  NpyArray a{dtype, std::move(shape), {}};
  a.data.resize(a.element_count() * npu::tb::npy_itemsize(dtype));
  for (size_t i = 0; i < a.data.size(); ++i) {
    a.data[i] = static_cast<uint8_t>(i * 7 + 3);
  }
  return a;
}

bool have_numpy() { return std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("npy: every dtype and rank round-trips through write and read", "[npy]") {
  TempDir dir;
  for (const char* dtype : {"<f2", "<f4", "<i4", "|i1", "<i8", "|u1", "<u2"}) {
    for (const std::vector<size_t>& shape : std::vector<std::vector<size_t>>{
             {}, {5}, {3, 4}, {2, 3, 5}, {1, 1, 1, 7}, {0}, {4, 0, 2}}) {
      const NpyArray a = make(dtype, shape);
      const std::string path = dir.file("a.npy");
      REQUIRE(write_npy(path, a).empty());
      const auto r = read_npy(path);
      INFO(dtype << " rank " << shape.size() << " error " << r.error);
      REQUIRE(r.array);
      CHECK(r.error.empty());
      CHECK(r.array->dtype == a.dtype);
      CHECK(r.array->shape == a.shape);
      CHECK(r.array->data == a.data);
      CHECK(fs::file_size(path) % 64 == a.data.size() % 64);  // header padded to 64 bytes
    }
  }
  // Nothing but the result is left behind (the temp file was renamed into place).
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("npy: the writer emits numpy's header text", "[npy]") {
  TempDir dir;
  REQUIRE(write_npy(dir.file("h.npy"), make("<f2", {3})).empty());
  std::ifstream in(dir.file("h.npy"), std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(all.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  CHECK(all.substr(10, 57) == "{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }");
  CHECK(all[127] == '\n');  // 57 characters of dict: padded to a 128-byte header
  CHECK(all.size() == 128 + 6);
}

TEST_CASE("npy: the reader accepts format versions 2.0 and 3.0", "[npy]") {
  TempDir dir;
  for (char major : {'\x02', '\x03'}) {
    std::string h = "{'shape': (2,), 'fortran_order': False, 'descr': '<u2'}";
    while ((12 + h.size() + 1) % 64 != 0) {
      h.push_back(' ');
    }
    h.push_back('\n');
    std::string bytes = std::string("\x93NUMPY", 6) + major + '\x00';
    bytes += static_cast<char>(h.size());
    bytes += std::string(3, '\0');
    bytes += h + std::string("\x01\x02\x03\x04", 4);
    write_raw(dir.file("v.npy"), bytes);
    const auto r = read_npy(dir.file("v.npy"));
    REQUIRE(r.array);
    CHECK(r.array->shape == std::vector<size_t>{2});
    CHECK(r.array->data == std::vector<uint8_t>{1, 2, 3, 4});
  }
}

TEST_CASE("npy: the reader reports each malformed file clearly", "[npy]") {
  TempDir dir;
  const std::string p = dir.file("bad.npy");
  const std::string good_dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";

  CHECK_THAT(read_npy(dir.file("missing.npy")).error, Catch::Contains("no such file"));
  CHECK_THAT(read_error(p, "PK\x03\x04 this is a zip"), Catch::Contains("bad magic"));
  CHECK_THAT(read_error(p, ""), Catch::Contains("bad magic"));
  CHECK_THAT(read_error(p, std::string("\x93NUMPY\x01", 7)), Catch::Contains("truncated header"));
  CHECK_THAT(read_error(p, std::string("\x93NUMPY\x01\x00\x50", 9)),
             Catch::Contains("truncated header"));
  CHECK_THAT(read_error(p, header_v1(good_dict).substr(0, 40)),
             Catch::Contains("truncated header"));
  CHECK_THAT(read_error(p, std::string("\x93NUMPY\x09\x00\x10\x00", 10)),
             Catch::Contains("unsupported .npy format version 9.0"));
  CHECK_THAT(read_error(p, header_v1(good_dict) + std::string(15, '\0')),
             Catch::Contains("data size does not match the shape") && Catch::Contains("needs 16"));
  CHECK_THAT(read_error(p, header_v1(good_dict) + std::string(17, '\0')),
             Catch::Contains("data size does not match the shape"));
  CHECK_THAT(read_error(p, header_v1("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2") +
                               std::string(16, '\0')),
             Catch::Contains("unparsable header"));
  CHECK_THAT(read_error(p, header_v1("not a dict") + std::string(16, '\0')),
             Catch::Contains("unparsable header"));
  CHECK_THAT(read_error(p, header_v1("{'descr': '<f4', 'shape': (2, 2), }")),
             Catch::Contains("unparsable header"));
  CHECK_THAT(read_error(p, header_v1("{'descr': [('a', '<f4')], 'fortran_order': False, "
                                     "'shape': (2,), }")),
             Catch::Contains("unparsable header"));
  CHECK_THAT(read_error(p, header_v1("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }")),
             Catch::Contains("unparsable header"));
  CHECK_THAT(read_error(p, header_v1("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }") +
                               std::string(16, '\0')),
             Catch::Contains("Fortran-order arrays are not supported; save with "
                             "np.ascontiguousarray"));
  CHECK_THAT(
      read_error(p, header_v1("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }") +
                        std::string(16, '\0')),
      Catch::Contains("big-endian dtype '>f4'"));
  CHECK_THAT(
      read_error(p, header_v1("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 2), }") +
                        std::string(64, '\0')),
      Catch::Contains("unsupported dtype '<c8'"));
  CHECK_THAT(read_error(p, header_v1("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }") +
                               std::string(8, '\0')),
             Catch::Contains("unsupported dtype '|O'"));
  CHECK_THAT(read_error(p, header_v1("{'descr': '<f4', 'fortran_order': False, 'shape': "
                                     "(4294967296, 4294967296, 4294967296), }")),
             Catch::Contains("data size does not match the shape"));
  // The reader is fine with the well-formed original.
  write_raw(p, header_v1(good_dict) + std::string(16, '\0'));
  CHECK(read_npy(p).array);
}

TEST_CASE("npy: the writer rejects bad arrays and unwritable paths", "[npy]") {
  TempDir dir;
  NpyArray a = make("<f2", {2, 3});
  a.data.pop_back();
  CHECK_THAT(write_npy(dir.file("x.npy"), a), Catch::Contains("needs 12"));
  CHECK_THAT(write_npy(dir.file("x.npy"), make("<f8", {2})), Catch::Contains("unsupported dtype"));
  CHECK_THAT(write_npy(dir.file("no/such/dir/x.npy"), make("<f2", {2})),
             Catch::Contains("cannot write"));
  CHECK(!fs::exists(dir.file("x.npy")));
}

TEST_CASE("npy: files interoperate with numpy in both directions", "[npy][numpy]") {
  if (!have_numpy()) {
    WARN("skipped: /usr/bin/python3 with numpy is not available");
    return;
  }
  TempDir dir;
  NpyArray ours{"<f2", {2, 3}, {}};
  for (uint16_t h : {0x3c00, 0xc000, 0x7c00, 0x8000, 0x0001, 0x7bff}) {
    ours.data.push_back(static_cast<uint8_t>(h & 0xff));
    ours.data.push_back(static_cast<uint8_t>(h >> 8));
  }
  REQUIRE(write_npy(dir.file("ours.npy"), ours).empty());
  const std::string script =
      "import numpy as np, sys\n"
      "d = sys.argv[1]\n"
      "a = np.load(d + '/ours.npy')\n"
      "assert a.dtype == np.float16 and a.shape == (2, 3), (a.dtype, a.shape)\n"
      "assert a.view(np.uint16).tolist() == [[0x3c00, 0xc000, 0x7c00], [0x8000, 1, 0x7bff]]\n"
      "np.save(d + '/theirs_i1.npy', np.arange(-3, 3, dtype=np.int8).reshape(3, 2))\n"
      "np.save(d + '/theirs_f4.npy', np.array([[1.5, -2.0]], dtype=np.float32))\n"
      "np.save(d + '/numpy_same.npy', a)\n"
      "assert open(d + '/numpy_same.npy', 'rb').read() == open(d + '/ours.npy', 'rb').read()\n"
      "np.save(d + '/theirs_i8.npy', np.array(7, dtype=np.int64))\n"
      "np.save(d + '/theirs_fortran.npy', np.asfortranarray(np.ones((2, 3), np.float32)))\n";
  write_raw(dir.file("check.py"), script);
  REQUIRE(std::system(
              ("/usr/bin/python3 " + dir.file("check.py") + " " + dir.path.string()).c_str()) == 0);

  const auto i1 = read_npy(dir.file("theirs_i1.npy"));
  REQUIRE(i1.array);
  CHECK(i1.array->dtype == "|i1");
  CHECK(i1.array->shape == std::vector<size_t>{3, 2});
  CHECK(i1.array->data == std::vector<uint8_t>{0xfd, 0xfe, 0xff, 0, 1, 2});
  const auto f4 = read_npy(dir.file("theirs_f4.npy"));
  REQUIRE(f4.array);
  CHECK(f4.array->shape == std::vector<size_t>{1, 2});
  CHECK(f4.array->data == std::vector<uint8_t>{0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0});
  CHECK_THAT(read_npy(dir.file("theirs_fortran.npy")).error, Catch::Contains("Fortran-order"));
  const auto i8 = read_npy(dir.file("theirs_i8.npy"));
  REQUIRE(i8.array);
  CHECK(i8.array->shape.empty());
  CHECK(i8.array->data == std::vector<uint8_t>{7, 0, 0, 0, 0, 0, 0, 0});
}
