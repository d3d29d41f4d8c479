// npuemu sweep: a 50-point sweep with --jobs 2 writes one CSV row per point, resumes after an
// interruption (rows lost, a torn last line) without rerunning what is there, and its CSV feeds
// the roofline and efficiency plots.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "run_npuemu.h"

using npu::test::kernel;
using npu::test::npuemu;
using npu::test::seed_chip;

namespace {

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::istringstream in(npu::test::slurp(p));
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// point index -> cycles column, of the rows that completed
std::map<int, std::string> cycles_by_point(const std::vector<std::string>& lines) {
  std::map<int, std::string> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells;
    std::istringstream in(lines[i]);
    for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
    REQUIRE(cells.size() > 8);
    CHECK(cells[6] == "ok");
    out[std::stoi(cells[0])] = cells[8];
  }
  return out;
}

}  // namespace

TEST_CASE("a 50-point sweep runs with --jobs 2, resumes after an interruption, and plots",
          "[kernels][sweep]") {
  auto dir = npu::test::scratch_dir();
  auto csv = dir / "sweep.csv";
  std::filesystem::remove(csv);
  const std::string sweep = "sweep --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                            " --kernel " + kernel("gemm_fp16_naive") +
                            " --shapes 'M=64|128|192|256|320,N=128,K=64:320:+64'"
                            " --run-arg=--cores=1 --jobs 2 --csv " +
                            csv.string();
  auto r = npuemu(sweep, false);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> full = lines_of(csv);
  REQUIRE(full.size() == 51);
  std::map<int, std::string> first = cycles_by_point(full);
  CHECK(first.size() == 50);

  // Interrupted: only 20 rows made it, and the 21st was cut mid-line.
  {
    std::ofstream out(csv, std::ios::trunc);
    for (size_t i = 0; i <= 20; ++i) out << full[i] << "\n";
    out << full[21].substr(0, full[21].size() / 2);
  }
  r = npuemu(sweep, false);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("resuming: 20 of 50 points") != std::string::npos);
  std::vector<std::string> resumed = lines_of(csv);
  CHECK(resumed.size() == 51);
  CHECK(cycles_by_point(resumed) == first);  // same points, same results, none twice

  // Nothing left: a third run runs nothing.
  r = npuemu(sweep, false);
  CHECK(r.err.find("resuming: 50 of 50 points") != std::string::npos);
  CHECK(lines_of(csv).size() == 51);

  CHECK(npu::test::plot_renders("plot_roofline", csv.string(), dir / "roofline.png"));
  CHECK(npu::test::plot_renders("plot_efficiency", csv.string(), dir / "efficiency.png"));
}

TEST_CASE("sweep rejects bad ranges, unknown parameters and a CSV of another sweep",
          "[kernels][sweep]") {
  auto csv = npu::test::scratch_dir() / "bad.csv";
  const std::string base =
      "sweep --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") + " --csv " + csv.string();
  std::filesystem::remove(csv);
  CHECK(npuemu(base + " --shapes 'M=N=K=512:256:+64'", false).exit_code == 1);
  CHECK(npuemu(base + " --shapes 'M=N=K=64' --param no.such=1", false).exit_code == 0);
  auto rows = lines_of(csv);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].find(",error,1,") != std::string::npos);  // the point's run refused it
  auto other = npuemu(base + " --shapes 'M=N=K=64'", false);
  CHECK(other.exit_code == 1);
  CHECK(other.err.find("other columns") != std::string::npos);
}

TEST_CASE("sweep points come from a CSV or YAML list, chip parameter columns included",
          "[kernels][sweep]") {
  auto dir = npu::test::scratch_dir();
  {
    std::ofstream(dir / "points.csv") << "M,N,K,chip.freq\n256,256,256,800MHz\n512,256,128,1GHz\n";
    std::ofstream(dir / "points.yaml") << "- {M: 256, N: 256, K: 256, chip.freq: 800MHz}\n"
                                          "- {M: 512, N: 256, K: 128, chip.freq: 1GHz}\n";
  }
  std::vector<std::string> rows_by_format[2];
  int f = 0;
  for (const char* list : {"points.csv", "points.yaml"}) {
    auto csv = dir / (std::string(list) + ".out.csv");
    std::filesystem::remove(csv);
    auto r = npuemu("sweep --arch " + seed_chip() + " --kernel " + kernel("gemm_fp16") +
                        " --shapes " + (dir / list).string() + " --csv " + csv.string(),
                    false);
    REQUIRE(r.exit_code == 0);
    std::vector<std::string> rows = lines_of(csv);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].find(",chip.freq,") != std::string::npos);
    CHECK(rows[1].find(",800MHz,ok,0,") != std::string::npos);
    CHECK(rows[1].find(",800.0,") != std::string::npos);  // the run's clock: the override took
    CHECK(rows[2].find(",1000.0,") != std::string::npos);
    for (size_t i = 1; i < rows.size(); ++i) {  // same points, same cycles either way
      size_t cut = 0;
      for (int c = 0; c < 10; ++c) cut = rows[i].find(',', cut) + 1;  // up to the cycles column
      rows_by_format[f].push_back(rows[i].substr(0, cut));
    }
    ++f;
  }
  CHECK(rows_by_format[0] == rows_by_format[1]);
}
