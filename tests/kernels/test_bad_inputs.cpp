// Bad input files and arguments given to `npuemu run` (issue 8): chip YAMLs (unknown, missing and
// duplicate keys, wrong type or unit, out of range, impossible combinations: the message names the
// file, the line and the key), .npy inputs (dtype, shape, truncated, Fortran order, big-endian)
// and command-line arguments. Each is exit code 1 with one clear message; nothing runs.
#include <catch2/catch.hpp>

#include <regex>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

std::string write_file(const std::string& name, const std::string& bytes) {
  const auto p = npu::test::scratch_dir() / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

const std::string kRun = " --kernel " + kernel("gemm_fp16") + " --shape M=16,N=16,K=16";

npu::test::CliRun run_user_error(const std::string& args, const std::vector<std::string>& words) {
  INFO(args);
  auto r = npuemu(args, false);
  CHECK(r.exit_code == 1);
  for (const std::string& w : words) CHECK_THAT(r.err, Catch::Contains(w));
  return r;
}

// 1-based line of the first line of text containing needle.
int line_of(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// A .npy v1.0 file: header dict, padded to 64 bytes, then the data bytes.
std::string npy(const std::string& dict, size_t data_bytes) {
  std::string h = dict;
  const size_t unpadded = 10 + h.size() + 1;
  h.append((64 - unpadded % 64) % 64, ' ');
  h.push_back('\n');
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(h.size() & 0xff));
  out.push_back(static_cast<char>(h.size() >> 8));
  return out + h + std::string(data_bytes, '\0');
}

}  // namespace

TEST_CASE("chip YAML errors name the file, the line and the key", "[cli][config]") {
  const std::string seed = npu::test::slurp(seed_chip());
  struct Case {
    const char* name;
    std::string text;
    std::string needle;  // the line the error must point at (empty: no line, file-level)
    std::vector<std::string> words;
  };
  const Case cases[] = {
      {"unknown_key.yaml", replaced(seed, "  cores: 32", "  cores: 32\n  corez: 4"), "corez",
       {"unknown key 'chip.corez'"}},
      {"missing_key.yaml", replaced(seed, "  cores: 32 ", "  # cores removed "), "",
       {"missing key 'chip.cores'"}},
      {"duplicate_key.yaml", replaced(seed, "  cores: 32", "  cores: 32\n  cores: 16"),
       "cores: 16", {"duplicate key 'chip.cores'"}},
      {"wrong_type.yaml", replaced(seed, "cores: 32", "cores: many"), "cores: many",
       {"chip.cores"}},
      {"wrong_unit.yaml", replaced(seed, "freq: 1000 MHz", "freq: 1000 GB"), "freq: 1000 GB",
       {"chip.freq", "unit 'GB' does not fit"}},
      {"no_unit.yaml", replaced(seed, "freq: 1000 MHz", "freq: 1000"), "freq: 1000",
       {"chip.freq", "needs a unit"}},
      {"out_of_range.yaml", replaced(seed, "cores: 32", "cores: 100000"), "cores: 100000",
       {"chip.cores", "out of range"}},
      {"not_a_value.yaml", replaced(seed, "cores: 32", "cores: [1, 2]"), "cores: [1, 2]",
       {"chip.cores: expected a single value"}},
      {"l1_vs_align.yaml", replaced(seed, "size: 1 MiB", "size: 1000 B"), "size: 1000 B",
       {"core.l1.size: 1000 is not a multiple of its alignment"}},
      {"syntax.yaml", seed + "chip: [unclosed\n", "", {"YAML syntax error"}},
  };
  for (const Case& c : cases) {
    const std::string path = write_file(c.name, c.text);
    std::string where = path + ":";
    if (!c.needle.empty()) where += std::to_string(line_of(c.text, c.needle)) + ":";
    std::vector<std::string> words = c.words;
    words.push_back(where);
    run_user_error("run --arch " + path + kRun, words);
  }
}

TEST_CASE("bad .npy inputs name the option, the file and the problem", "[cli][npy]") {
  const std::string f16 = "{'descr': '<f2', 'fortran_order': False, 'shape': (16, 16), }";
  const struct {
    const char* name;
    std::string bytes;
    const char* words;
  } cases[] = {
      {"f32.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (16, 16), }", 1024),
       "dtype '<f4' but this workload takes float16"},
      {"shape.npy", npy("{'descr': '<f2', 'fortran_order': False, 'shape': (16, 8), }", 256),
       "shape (16,8) but the GEMM needs (16,16)"},
      {"truncated.npy", npy(f16, 511), "data size does not match the shape"},
      {"header.npy", npy(f16, 512).substr(0, 30), "truncated header"},
      {"fortran.npy", npy("{'descr': '<f2', 'fortran_order': True, 'shape': (16, 16), }", 512),
       "Fortran-order arrays are not supported"},
      {"bigendian.npy", npy("{'descr': '>f2', 'fortran_order': False, 'shape': (16, 16), }", 512),
       "big-endian dtype '>f2' is not supported"},
      {"garbage.npy", "not a numpy file", "bad magic"},
  };
  {  // the well-formed file is accepted
    auto r = npuemu("run --arch " + seed_chip() + kRun + " --input A=" +
                        write_file("good.npy", npy(f16, 512)),
                    false);
    CHECK(r.exit_code == 0);
  }
  for (const auto& c : cases) {
    const std::string path = write_file(c.name, c.bytes);
    run_user_error("run --arch " + seed_chip() + kRun + " --input A=" + path,
                   {"--input A=" + path, c.words});
  }
}

TEST_CASE("bad command-line arguments are user errors with one clear line", "[cli]") {
  const std::string run = "run --arch " + seed_chip() + kRun;
  run_user_error("run" + kRun, {"--arch"});
  run_user_error(run + " --freq-mhz 20000", {"--freq-mhz must be within"});
  run_user_error(run + " --max-cycles lots", {"max-cycles"});
  run_user_error(run + " --max-instructions -5", {"--max-instructions take a positive count"});
  run_user_error(run + " --max-cycles -1", {"--max-cycles and --max-instructions"});
  run_user_error(run + " --cores -1", {"cores"});
  run_user_error(run + " --input A", {"--input 'A': expected NAME=FILE.npy"});
  run_user_error(run + " --input Q=x.npy", {"--input Q: the gemm workload takes A and B"});
  run_user_error(run + " --output D=x.npy", {"--output D: the gemm workload writes C"});
  run_user_error(run + " --out-dtype int4", {"--out-dtype 'int4'"});
  run_user_error(run + " --workload conv", {"--workload 'conv' is not known"});
  run_user_error(run + " --check --timing-only", {"--check needs data"});
  run_user_error("run --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                     " --shape M=4,N=4,K=99999999",
                 {"above 1048576"});
  run_user_error("run --arch " + seed_chip() + " --kernel x.txt --shape M=4,N=4,K=4",
                 {"unknown firmware file extension '.txt'"});
  run_user_error(run + " --shape M=1,N=1,K=1", {"'--shape' cannot be specified more than once"});
  run_user_error(run + " --report /nonexistent_dir/r.json", {"cannot write '/nonexistent_dir/r.json'"});
  run_user_error(run + " --vcd /nonexistent_dir/t.vcd", {"cannot write VCD file '/nonexistent_dir/t.vcd'"});
  run_user_error(run + " --vcd " + (npu::test::scratch_dir() / "s.vcd").string() +
                     " --vcd-signals 'nothing*'",
                 {"selects no signal"});
  run_user_error("asm", {"usage: npuemu asm IN.s -o OUT.fw"});
  run_user_error("asm " + kernel("gemm_fp16") + " -o /nonexistent_dir/k.fw",
                 {"cannot write '/nonexistent_dir/k.fw'"});
  run_user_error("disasm", {"usage: npuemu disasm IN.fw"});
  run_user_error("--list-params /nonexistent.yaml", {"/nonexistent.yaml: cannot open"});
}
