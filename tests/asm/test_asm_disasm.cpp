// The disassembler: for every kernel under firmware/kernels/ and every tests/asm/good/*.s,
// assemble -> disassemble -> assemble gives the same code, params and symbol pcs; the listings
// of the good programs match .lst goldens; the good programs use every table instruction.
// Deliberately ignores line numbers in the round trip (the listing has its own lines).
#include <catch2/catch.hpp>
#include <set>

#include "asm/assembler.h"
#include "asm/disassembler.h"
#include "asm_test_util.h"

namespace npu::as {
namespace {

std::vector<std::filesystem::path> round_trip_sources() {
  std::vector<std::filesystem::path> out =
      test::files_ending(test::source_dir() / "firmware/kernels", ".s", true);
  for (const auto& p : test::files_ending(test::source_dir() / "tests/asm/good", ".s")) {
    out.push_back(p);
  }
  return out;
}

// dir: where the source's includes are read from (kernels share .inc files); empty: none.
Image assemble_ok(const std::string& text, const std::string& name,
                  const std::filesystem::path& dir = {}) {
  AsmOptions options;
  if (!dir.empty()) {
    options.read_include = read_source_file;
    options.source_dir = dir;
  }
  AsmResult r = assemble_source(text, name, options);
  for (const std::string& d : r.diagnostics) {
    UNSCOPED_INFO(d);
  }
  REQUIRE(r.ok());
  return *r.image;
}

TEST_CASE("asm disassembly reassembles to the same code params and symbols", "[asm][disasm]") {
  std::vector<std::filesystem::path> files = round_trip_sources();
  REQUIRE(files.size() >= 4);
  for (const std::filesystem::path& file : files) {
    DYNAMIC_SECTION(file.filename().string()) {
      Image first =
          assemble_ok(test::read_text(file), file.filename().string(), file.parent_path());
      std::string listing = disassemble(first);
      INFO(listing);
      Image second = assemble_ok(listing, "listing.s");
      CHECK(second.family == first.family);
      CHECK(second.kernel == first.kernel);
      CHECK(second.code == first.code);
      CHECK(second.params == first.params);
      for (const Symbol& s : first.symbols) {
        CHECK(second.symbol_pc(s.name) == s.pc);
      }
    }
  }
}

TEST_CASE("asm listings of the good programs match their .lst goldens", "[asm][disasm]") {
  for (const auto& file : test::files_ending(test::source_dir() / "tests/asm/good", ".s")) {
    DYNAMIC_SECTION(file.filename().string()) {
      Image image = assemble_ok(test::read_text(file), file.filename().string());
      std::filesystem::path golden = file;
      golden.replace_extension(".lst");
      test::check_golden(golden, disassemble(image));
    }
  }
}

TEST_CASE("asm good programs use every instruction of the table", "[asm][disasm]") {
  std::set<std::pair<isa::Family, isa::Opcode>> used;
  for (const auto& file : test::files_ending(test::source_dir() / "tests/asm/good", ".s")) {
    Image image = assemble_ok(test::read_text(file), file.filename().string());
    for (uint64_t w : image.code) {
      used.insert({image.family, isa::decode(image.family, w).inst->opcode()});
    }
  }
  for (isa::Family family : {isa::Family::kDaVinci, isa::Family::kTensorCore}) {
    for (const isa::OpInfo& row : isa::op_table(family)) {
      bool scalar = row.pipe == isa::Pipe::kS;
      INFO(row.mnemonic);
      // The scalar subset is shared: once (in the DaVinci programs) is enough.
      if (family == isa::Family::kDaVinci || !scalar) {
        CHECK(used.count({family, row.opcode}) == 1);
      }
    }
  }
}

std::string inst_text(const Image& image, size_t pc, bool names) {
  isa::DecodeResult d = isa::decode(image.family, image.code.at(pc));
  REQUIRE(d.inst);
  return disassemble_inst(*d.inst, names ? &image : nullptr);
}

TEST_CASE("asm disassembles one instruction with and without names", "[asm][disasm]") {
  Image image = assemble_ok(
      ".target davinci\n.kernel k\n.param A ptr\nstart: ldp x1, A\n  ld x2, [x1 - 8]\n"
      "  set_flag MTE2, CUBE, 3\n  bne x1, x2, there\nthere: jmp start\n",
      "one.s");
  CHECK(inst_text(image, 0, true) == "ldp x1, A");
  CHECK(inst_text(image, 0, false) == "ldp x1, 0");
  CHECK(inst_text(image, 1, false) == "ld x2, [x1 - 8]");
  CHECK(inst_text(image, 2, false) == "set_flag MTE2, M, 3");
  CHECK(inst_text(image, 3, true) == "bne x1, x2, there");
  CHECK(inst_text(image, 3, false) == "bne x1, x2, 4");
  CHECK(inst_text(image, 4, true) == "jmp start");
}

TEST_CASE("asm disassembler invents labels that collide with no symbol", "[asm][disasm]") {
  Image image = assemble_ok(
      ".target davinci\n.kernel k\nstart: nop\n  bne x1, x2, there\nthere: jmp start\n", "c.s");
  image.symbols = {{"L2", 0}};  // strip "there"; the name L2 is taken by pc 0
  CHECK(label_for_pc(image, 2) == "L2_");
  CHECK(inst_text(image, 1, true) == "bne x1, x2, L2_");
  std::string listing = disassemble(image);
  INFO(listing);
  CHECK(listing.find("L2_:\n") != std::string::npos);
  CHECK(listing.find("# pc 1  line 4") != std::string::npos);
  Image again = assemble_ok(listing, "again.s");
  CHECK(again.code == image.code);
}

}  // namespace
}  // namespace npu::as
