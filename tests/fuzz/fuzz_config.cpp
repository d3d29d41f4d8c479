// libFuzzer target: the chip config loader on arbitrary YAML text. It returns errors (each one
// naming the file) or a config whose parameters all list.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "config/chip_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  npu::config::LoadResult r = npu::config::load_chip_config_text(text, "fuzz.yaml");
  if (!r.ok()) {
    for (const npu::config::ConfigError& e : r.errors) {
      if (e.message.find("fuzz.yaml") == std::string::npos) std::abort();
    }
    return 0;
  }
  (void)npu::config::list_params(r.config);
  return 0;
}
