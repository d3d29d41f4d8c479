// Catch2 runner for SystemC tests: libsystemc's main() calls sc_main, which runs the session.
// ctest runs one process per TEST_CASE (catch_discover_tests), since SystemC elaborates once.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <systemc>

int sc_main(int argc, char* argv[]) {
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);  // as npuemu: the model counts fs
  return Catch::Session().run(argc, argv);
}

// Silence the SystemC banner (printed before sc_main) so test listings stay clean.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
