// Cube co-simulation vectors (see cube_vectors.h).
#include "cube_vectors.h"

#include <bit>
#include <cstring>
#include <functional>

#include "func/layout.h"

namespace npu::tb {

namespace {

using Bits = std::function<uint32_t(size_t, size_t)>;  // element bits at (row, col)

bool is_s8(isa::Dtype d) { return d == isa::Dtype::kS8; }
size_t c0_of(isa::Dtype d) { return is_s8(d) ? 32 : 16; }
uint32_t f32_bits(float f) { return std::bit_cast<uint32_t>(f); }

void put(std::vector<uint8_t>& buf, size_t idx, size_t bytes, uint32_t v) {
  std::memcpy(buf.data() + idx * bytes, &v, bytes);  // little endian: the low bytes
}

// Allocates the three tiles (padding filled by `pad`) and writes the logical elements.
CubeJob make_job(std::string label, isa::Dtype d, size_t m, size_t k, size_t n, bool init,
                 const Bits& fa, const Bits& fb, const Bits& fc, const Bits& pad) {
  CubeJob j;
  j.label = std::move(label);
  j.dtype = d;
  j.m = m;
  j.k = k;
  j.n = n;
  j.init = init;
  const size_t c0 = c0_of(d), es = is_s8(d) ? 1 : 2;
  const size_t kf = func::ceil_div(k, c0), kp = kf * c0, mp = func::ceil16(m);
  const size_t np = func::ceil16(n), nf = np / 16;
  j.a.resize(func::l0a_elems(m, k, c0) * es);
  j.b.resize(func::l0b_elems(k, n, c0) * es);
  j.c.resize(func::l0c_elems(m, n) * 4);
  for (size_t i = 0; i < mp; ++i) {
    for (size_t kk = 0; kk < kp; ++kk) {
      put(j.a, func::l0a_offset(i, kk, kf, c0), es, i < m && kk < k ? fa(i, kk) : pad(i, kk));
    }
  }
  for (size_t kk = 0; kk < kp; ++kk) {
    for (size_t jj = 0; jj < np; ++jj) {
      put(j.b, func::l0b_offset(kk, jj, nf, c0), es, kk < k && jj < n ? fb(kk, jj) : pad(kk, jj));
    }
  }
  for (size_t i = 0; i < mp; ++i) {
    for (size_t jj = 0; jj < np; ++jj) put(j.c, func::l0c_offset(i, jj, mp), 4, fc(i, jj));
  }
  return j;
}

// FP16 value generators. "Scaled" values keep products and sums in a range where rounding
// and cancellation happen often; specials appear with probability `special`.
uint16_t f16_value(std::mt19937_64& rng, double special) {
  std::uniform_real_distribution<double> u(0, 1);
  const uint16_t sign = (rng() & 1) ? 0x8000 : 0;
  const double r = u(rng);
  if (r < special) {
    static const uint16_t kSpecial[] = {0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d55,
                                        0xfe01, 0x0001, 0x83ff, 0x7bff, 0xfbff, 0x0400};
    return kSpecial[rng() % std::size(kSpecial)];
  }
  if (r < special + 0.08) return static_cast<uint16_t>(sign | (rng() & 0x3ff));   // subnormal/0
  if (r < special + 0.12) return static_cast<uint16_t>((rng() & 0x7bff) | sign);  // any finite
  const uint32_t exp = 9 + static_cast<uint32_t>(rng() % 13);                     // 2^-6 .. 2^6
  return static_cast<uint16_t>(sign | exp << 10 | (rng() & 0x3ff));
}

uint32_t f32_value(std::mt19937_64& rng, double special) {
  std::uniform_real_distribution<double> u(0, 1);
  const uint32_t sign = (rng() & 1) ? 0x80000000u : 0;
  const double r = u(rng);
  if (r < special) {
    static const uint32_t kSpecial[] = {0x00000000, 0x80000000, 0x7f800000, 0xff800000,
                                        0x7fc00000, 0x7fa00001, 0xffc12345, 0x00000001,
                                        0x807fffff, 0x7f7fffff, 0xff7fffff, 0x00800000};
    return kSpecial[rng() % std::size(kSpecial)];
  }
  if (r < special + 0.05) return sign | static_cast<uint32_t>(rng() & 0x7fffff);  // subnormal
  const uint32_t exp = 115 + static_cast<uint32_t>(rng() % 26);                   // 2^-12 .. 2^13
  return sign | exp << 23 | static_cast<uint32_t>(rng() & 0x7fffff);
}

uint32_t s32_value(std::mt19937_64& rng, bool extremes) {
  if (extremes) {
    static const uint32_t kSpecial[] = {0x7fffffff, 0x80000000, 0xffffffff, 0, 0x7ffffff0};
    return kSpecial[rng() % std::size(kSpecial)];
  }
  return static_cast<uint32_t>(rng());
}

uint8_t s8_value(std::mt19937_64& rng, bool extremes) {
  if (extremes) {
    static const uint8_t kSpecial[] = {0x80, 0x7f, 0x81, 0xff, 0x00};
    return kSpecial[rng() % std::size(kSpecial)];
  }
  return static_cast<uint8_t>(rng());
}

}  // namespace

size_t CubeJob::fractals() const {
  return func::ceil16(m) / 16 * func::ceil_div(k, c0_of(dtype)) * (func::ceil16(n) / 16);
}

CubeJob random_job(std::mt19937_64& rng, isa::Dtype d, size_t max_m, size_t max_k, size_t max_n) {
  const size_t m = 1 + rng() % max_m, k = 1 + rng() % max_k, n = 1 + rng() % max_n;
  const bool init = rng() % 4 == 0;
  const uint32_t gap = rng() % 3 == 0 ? 6 + static_cast<uint32_t>(rng() % 10) : 0;
  const unsigned flavour = rng() % 10;  // 0..5 scaled, 6..8 some specials, 9 specials-heavy
  const double special = flavour < 6 ? 0.0 : flavour < 9 ? 0.004 : 0.05;
  const bool extremes = flavour >= 8;
  auto val = [&](size_t, size_t) -> uint32_t {
    return is_s8(d) ? s8_value(rng, extremes) : f16_value(rng, special);
  };
  auto acc = [&](size_t, size_t) -> uint32_t {
    return is_s8(d) ? s32_value(rng, extremes && rng() % 2) : f32_value(rng, special * 4);
  };
  auto pad = [&](size_t, size_t) -> uint32_t { return static_cast<uint32_t>(rng()); };
  CubeJob j = make_job("random", d, m, k, n, init, val, val, acc, pad);
  j.gap = gap;
  return j;
}

std::vector<CubeJob> directed_jobs(isa::Dtype d) {
  std::vector<CubeJob> out;
  auto cst = [](uint32_t v) { return [v](size_t, size_t) { return v; }; };
  auto add = [&](std::string label, size_t m, size_t k, size_t n, bool init, const Bits& fa,
                 const Bits& fb, const Bits& fc, uint32_t gap = 8) {
    out.push_back(make_job(std::move(label), d, m, k, n, init, fa, fb, fc, cst(0x5a5a5a5a)));
    out.back().gap = gap;
  };
  if (is_s8(d)) {
    add("s8 zeros init", 16, 32, 16, true, cst(0), cst(0), cst(0x12345678));
    add("s8 -128*-128 over k=64 on INT32_MAX (wraps)", 16, 64, 16, false, cst(0x80), cst(0x80),
        cst(0x7fffffff));
    add("s8 -128*127 on INT32_MIN (wraps)", 16, 32, 16, false, cst(0x80), cst(0x7f),
        cst(0x80000000));
    add("s8 127*127 on -1", 16, 96, 16, false, cst(0x7f), cst(0x7f), cst(0xffffffff), 0);
    add(
        "s8 mixed signs", 32, 40, 48, false,
        [](size_t i, size_t k) { return static_cast<uint32_t>((i * 7 + k * 13) & 0xff); },
        [](size_t k, size_t j) { return static_cast<uint32_t>((k * 29 + j * 3 + 0x80) & 0xff); },
        [](size_t i, size_t j) { return static_cast<uint32_t>(i * 1000003u - j * 77u); }, 0);
    add("s8 k tail 1, m n tails", 17, 1, 3, false, cst(0x81), cst(0x7f), cst(5));
    add("s8 k tail 33", 1, 33, 31, true, cst(0x80), cst(0x80), cst(0));
    return out;
  }
  const uint32_t one = 0x3c00, m_one = 0xbc00, pz = 0x0000, nz = 0x8000;
  const uint32_t inf = 0x7c00, qnan = 0x7e01, snan = 0x7d02;
  const uint32_t f_one = f32_bits(1.0f), f_nz = 0x80000000u;
  auto diag = [](uint32_t on, uint32_t off) {
    return [on, off](size_t r, size_t c) { return r == c ? on : off; };
  };
  add("zeros init (+0)", 16, 16, 16, true, cst(pz), cst(pz), cst(f_one));
  add("-0 products onto +0 init (+0)", 16, 16, 16, true, cst(nz), cst(one), cst(f_one));
  add("-0 products onto -0 (-0)", 16, 16, 16, false, cst(nz), cst(one), cst(f_nz));
  add("+0 products onto -0 (+0)", 16, 16, 16, false, cst(pz), cst(m_one), cst(f_nz), 0);
  add("fp16 denormal x denormal (2^-48)", 16, 16, 16, false, cst(0x0001), cst(0x0001),
      cst(0x00000001));
  add("fp16 max denormal x 1 onto fp32 denormal", 16, 16, 16, false, cst(0x03ff), cst(one),
      cst(0x807fffff), 0);
  add("fp32 denormal accumulator, zero products", 16, 16, 16, false, cst(pz), cst(one),
      [](size_t i, size_t j) { return static_cast<uint32_t>(1 + i * 16 + j) | (j & 1) << 31; });
  add("inf x 1 (inf)", 16, 16, 16, true, diag(inf, one), cst(one), cst(0));
  add("inf x 0 (invalid: NaN)", 16, 16, 16, true, diag(inf, pz), cst(pz), cst(0), 0);
  add(
      "inf + -inf (invalid: NaN)", 16, 16, 16, true, diag(inf, pz),
      [=](size_t k, size_t j) { return k == j              ? one
                                       : k == (j + 1) % 16 ? m_one
                                                           : pz; }, cst(0));
  add("-inf accumulator + finite", 16, 16, 16, false, cst(one), cst(one), cst(0xff800000u));
  add("quiet NaN operand", 16, 16, 16, true, diag(qnan, one), cst(one), cst(0));
  add("signalling NaN operand (quietened)", 16, 16, 16, true, diag(snan, one), cst(one), cst(0), 0);
  add("NaN accumulator (quietened)", 16, 16, 16, false, cst(one), cst(one), cst(0x7f800001u));
  add("NaN x inf", 16, 16, 16, true, diag(qnan, inf), cst(inf), cst(0));
  add("overflow to +inf (FLT_MAX + 65504^2)", 16, 16, 16, false, cst(0x7bff), cst(0x7bff),
      cst(0x7f7fffffu));
  add("overflow to -inf", 16, 16, 16, false, cst(0x7bff), cst(0xfbff), cst(0xff7fffffu), 0);
  add("cancellation to +0", 16, 16, 16, false, diag(one, pz), cst(m_one), cst(f_one));
  add(
      "large + small lost, then cancelled", 16, 16, 16, false, cst(one),
      [](size_t k, size_t) { return k == 0   ? 0xf800u
                                    : k == 1 ? 0x7800u
                                             : 0x3c00u; },
      cst(f32_bits(3.0f)));
  add("ties to even at 2^24", 16, 16, 16, false, diag(one, pz), cst(one),
      [](size_t i, size_t) { return f32_bits(16777216.0f + 2.0f * static_cast<float>(i)); });
  add("m/n/k tails (1 x 1 x 1)", 1, 1, 1, false, cst(0x3555), cst(0x3555), cst(0x3f800001u));
  add("k tail 17 with -0 padding skipped", 17, 17, 33, false, cst(0x8000), cst(0x3c00), cst(f_nz),
      0);
  add(
      "K chain over 4 fractals", 16, 64, 16, true,
      [](size_t i, size_t k) {
        return static_cast<uint32_t>(0x2c00 + ((i * 31 + k * 17) & 0x7ff));
      },
      [](size_t k, size_t j) { return static_cast<uint32_t>(0xac00 + ((k * 7 + j * 5) & 0x7ff)); },
      cst(0));
  return out;
}

}  // namespace npu::tb
