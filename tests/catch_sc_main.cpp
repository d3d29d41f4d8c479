// Catch2 runner for SystemC tests: libsystemc's main() calls sc_main, which runs the session.
// ctest runs one process per TEST_CASE (catch_discover_tests), since SystemC elaborates once.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <systemc>

int sc_main(int argc, char* argv[]) { return Catch::Session().run(argc, argv); }
