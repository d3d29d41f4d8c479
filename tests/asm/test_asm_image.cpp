// The .fw container: write/read round trip, the reader rejecting each kind of corruption with one
// "bad firmware image: ..." sentence, every truncation and thousands of random inputs handled
// without a crash, and the file helpers (atomic save, load of .s and .fw).
// Deliberately ignores the disassembler (test_asm_disasm.cpp).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "asm/assembler.h"
#include "asm/firmware_io.h"
#include "asm/image.h"
#include "asm_test_util.h"

namespace npu::as {
namespace {

const char* kProgram = R"(.target davinci
.kernel image_test
.param A ptr
.param N u32
top:
    ldp x1, A
    ldp x2, N
    li x3, 0
loop: addi x3, x3, 1
    set_flag MTE2, MTE1, 1
    blt x3, x2, loop
    halt
end:
)";

Image program() {
  AsmResult r = assemble_source(kProgram, "image_test.s");
  REQUIRE(r.ok());
  return *r.image;
}

// Directory entry i of a written image: kind at +0, offset at +8, size at +16.
size_t entry(int i) { return 16 + 24 * static_cast<size_t>(i); }

void put(std::vector<uint8_t>& b, size_t at, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) {
    b.at(at + i) = static_cast<uint8_t>(v >> (8 * i));
  }
}

uint64_t get(const std::vector<uint8_t>& b, size_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) {
    v |= static_cast<uint64_t>(b.at(at + i)) << (8 * i);
  }
  return v;
}

std::string read_error(const std::vector<uint8_t>& bytes) {
  ReadResult r = read_image(bytes);
  CHECK_FALSE(r.image);
  CHECK(r.error.rfind("bad firmware image: ", 0) == 0);
  return r.error;
}

std::string error_of(const Image& image) { return read_error(write_image(image)); }

bool contains(const std::string& s, const std::string& part) {
  INFO(s);
  return s.find(part) != std::string::npos;
}

TEST_CASE("asm image survives a write and read round trip", "[asm][image]") {
  Image image = program();
  std::vector<uint8_t> bytes = write_image(image);
  CHECK(std::string(bytes.begin(), bytes.begin() + 8) == "NPUEMUFW");
  CHECK(get(bytes, 8, 2) == 1);
  CHECK(get(bytes, 10, 2) == static_cast<uint16_t>(isa::Family::kDaVinci));
  ReadResult r = read_image(bytes);
  INFO(r.error);
  REQUIRE(r.image);
  CHECK(*r.image == image);
  CHECK(r.image->param_index("N") == 1u);
  CHECK_FALSE(r.image->param_index("M"));
  CHECK(r.image->symbol_pc("loop") == 3u);
  CHECK(r.image->symbol_pc("end") == 7u);
  REQUIRE(r.image->line_for_pc(3));
  CHECK(r.image->line_for_pc(3)->line == 9);
  CHECK(r.image->line_for_pc(3)->text == "loop: addi x3, x3, 1");
  CHECK(r.image->line_for_pc(99) == nullptr);
}

TEST_CASE("asm image reader rejects every truncation of a valid image", "[asm][image]") {
  std::vector<uint8_t> bytes = write_image(program());
  for (size_t n = 0; n < bytes.size(); ++n) {
    ReadResult r = read_image(std::span<const uint8_t>(bytes.data(), n));
    INFO("prefix length " << n);
    CHECK_FALSE(r.image);
    CHECK(r.error.rfind("bad firmware image: ", 0) == 0);
  }
  CHECK(contains(read_error({}), "shorter than the 16-byte header"));
}

TEST_CASE("asm image reader rejects corrupt headers and directories", "[asm][image]") {
  const std::vector<uint8_t> good = write_image(program());
  auto patched = [&](size_t at, uint64_t v, int n) {
    std::vector<uint8_t> b = good;
    put(b, at, v, n);
    return read_error(b);
  };
  CHECK(contains(patched(0, 'X', 1), "wrong magic"));
  CHECK(contains(patched(8, 2, 2), "unsupported version 2"));
  CHECK(contains(patched(10, 7, 2), "unknown chip family 7"));
  CHECK(contains(patched(12, 1000, 4), "directory of 1000 entries extends past end of file"));
  CHECK(contains(patched(entry(0), 9, 4), "unknown section kind 9"));
  CHECK(contains(patched(entry(1), 1, 4), "duplicate section CODE"));
  CHECK(contains(patched(entry(2) + 4, 1, 4), "nonzero reserved"));
  const uint64_t lines_off = get(good, entry(3) + 8, 8);
  CHECK(contains(patched(entry(3) + 16, good.size() - lines_off + 1, 8),
                 "section LINES extends past end of file"));
  CHECK(contains(patched(entry(3) + 8, 0xFFFFFFFFFFFFFFF0ull, 8), "extends past end of file"));
  CHECK(contains(patched(entry(0) + 8, 8, 8), "overlaps the header"));
  CHECK(contains(patched(entry(0) + 16, get(good, entry(0) + 16, 8) + 8, 8), "overlap"));
  CHECK(contains(patched(12, 2, 4), "missing section KERNEL_NAME"));
  // A section that lies inside the file but does not add up.
  CHECK(contains(patched(entry(0) + 16, 12, 8), "not a multiple of 8"));
  CHECK(contains(patched(get(good, entry(1) + 8, 8), 1000000, 4), "claims 1000000 entries"));
  CHECK(contains(patched(get(good, entry(5) + 8, 8), 0xFFFFFFFF, 4), "runs past the section"));
  CHECK(contains(patched(entry(4) + 16, get(good, entry(4) + 16, 8) - 1, 8),
                 "runs past the section"));
  CHECK(contains(patched(get(good, entry(1) + 8, 8), 1, 4), "unused bytes"));
}

TEST_CASE("asm image reader rejects code and tables that do not check", "[asm][image]") {
  const Image good = program();
  Image bad = good;
  bad.code[2] = (bad.code[2] & ~uint64_t{0xFF}) | 0xFF;
  CHECK(contains(error_of(bad), "pc 2: unknown opcode 0xff"));
  bad = good;
  bad.code[0] |= uint64_t{1} << 30;
  CHECK(contains(error_of(bad), "pc 0: malformed encoding"));
  const isa::OpInfo* jmp = isa::find_op(isa::Family::kDaVinci, isa::Opcode::kJmp);
  const isa::OpInfo* ldp = isa::find_op(isa::Family::kDaVinci, isa::Opcode::kLdp);
  const isa::OpInfo* add = isa::find_op(isa::Family::kDaVinci, isa::Opcode::kAdd);
  bad = good;
  bad.code[6] = isa::encode(*jmp, {}, 7);
  CHECK(contains(error_of(bad), "pc 6: branch target 7 outside the code"));
  bad = good;
  bad.code[1] = isa::encode(*ldp, {}, 2);
  CHECK(contains(error_of(bad), "pc 1: parameter index 2 out of range"));
  bad = good;
  bad.code[6] = isa::encode(*add, {}, 0);
  CHECK(contains(error_of(bad), "can fall through"));
  bad = good;
  bad.code.clear();
  bad.lines.clear();
  bad.symbols.clear();
  CHECK(contains(error_of(bad), "the code is empty"));
  bad = good;
  bad.lines.back().pc = 7;
  CHECK(contains(error_of(bad), "outside the code"));
  bad = good;
  std::swap(bad.lines[0], bad.lines[1]);
  CHECK(contains(error_of(bad), "not in increasing pc order"));
  bad = good;
  bad.symbols[0].pc = 8;
  CHECK(contains(error_of(bad), "past the end of the code"));
  bad = good;
  bad.symbols[1].name = "top";
  CHECK(contains(error_of(bad), "duplicate symbol 'top'"));
  bad = good;
  bad.params[1].name = "A";
  CHECK(contains(error_of(bad), "duplicate parameter 'A'"));
  bad = good;
  bad.params[0].name = "x5";
  CHECK(contains(error_of(bad), "is not an identifier"));
  bad = good;
  bad.kernel = "bad name\n";
  CHECK(contains(error_of(bad), "kernel name 'bad name\\x0a' is not an identifier"));
  std::vector<uint8_t> b = write_image(good);
  put(b, get(b, entry(1) + 8, 8) + 4 + 1 + 4, 6, 4);  // type of parameter A
  CHECK(contains(read_error(b), "parameter 0 has unknown type 6"));
}

TEST_CASE("asm image reader survives thousands of random and mutated inputs", "[asm][image]") {
  const std::vector<uint8_t> good = write_image(program());
  std::mt19937_64 rng(20240607);
  int accepted = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::vector<uint8_t> b;
    if (iter % 2 == 0) {
      b.resize(rng() % 600);
      for (uint8_t& v : b) {
        v = static_cast<uint8_t>(rng());
      }
      if (iter % 4 == 0 && b.size() >= 16) {  // a valid header, so the directory gets parsed
        std::copy(good.begin(), good.begin() + 16, b.begin());
      }
    } else {
      b = good;
      int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) {
        b[rng() % b.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
      }
    }
    ReadResult r = read_image(b);
    CHECK(r.image.has_value() == r.error.empty());
    if (r.image) {
      ++accepted;
      CHECK(check_image(*r.image).empty());
    }
  }
  CHECK(accepted < 4000);
}

TEST_CASE("asm firmware files save atomically and load as .s or .fw", "[asm][image]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("npu_asm_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const Image image = program();
  CHECK(save_image_file(dir / "k.fw", image).empty());
  CHECK(fs::exists(dir / "k.fw"));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 1);  // no .tmp left behind
  LoadResult fw = load_firmware(dir / "k.fw");
  INFO(fw.error);
  REQUIRE(fw.image);
  CHECK(*fw.image == image);

  std::ofstream(dir / "k.s") << kProgram;
  LoadResult s = load_firmware(dir / "k.s");
  REQUIRE(s.image);
  CHECK(s.image->code == image.code);
  std::ofstream(dir / "bad.s") << ".target davinci\n.kernel k\n  bogus\n  halt\n";
  LoadResult bad = load_firmware(dir / "bad.s");
  CHECK_FALSE(bad.image);
  CHECK(contains(bad.error, "bad.s:3:3: error: unknown instruction 'bogus'"));
  std::ofstream(dir / "junk.fw") << "not an image";
  CHECK(contains(load_firmware(dir / "junk.fw").error, "junk.fw: error: bad firmware image:"));
  CHECK(contains(load_firmware(dir / "k.txt").error, "unknown firmware file extension '.txt'"));
  CHECK(contains(load_firmware(dir / "missing.fw").error, "cannot read file"));
  CHECK(contains(assemble_file(dir / "missing.s").diagnostics.at(0), "cannot read file"));
  CHECK_FALSE(save_image_file(dir / "no_such_dir" / "k.fw", image).empty());
  CHECK_FALSE(fs::exists(dir / "no_such_dir"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace npu::as
