// Arithmetic of the cube datapath (numerics contract, DESIGN section 6), as pure functions so the
// pipeline in cube.sv stays a plain register structure:
//   f16_to_f32  exact widening (subnormals normalised, inf/NaN payload kept as is)
//   f16_mul     exact product of two widened FP16 values (an 11 x 11 bit significand product
//               always fits FP32's 24 bits, and 2^-48 .. 2^32 is inside FP32's normal range)
//   f32_add     IEEE binary32 addition, round to nearest even, gradual underflow (no flush)
// and, per MAC chain (one output element of a fractal), over lanes of 512 bits:
//   widen_row   one A row or B column of a fractal: 16 FP16 -> 16 FP32 or 32 INT8 -> 32 INT16
//   products    the chain's 16 exact FP32 products (FP16) or 32 16-bit products (INT8; lanes at and
//               above kcnt are zero)
//   accumulate  the chain: acc + the products in ascending k, each add rounded (FP16), or the
//               INT32 wrap-around sum (INT8, where order cannot matter)
// NaN results follow the x86 SSE/AVX rule that the functional model's host code produces: a NaN
// operand comes back quietened (bit 22 set), the first operand's when both are NaN, and an invalid
// operation (inf * 0, inf - inf) gives the "indefinite" NaN 0xffc00000.
//
// Simulation speed (DESIGN section 12): the per-chain functions carry Verilator's no_inline_task
// so each becomes one C++ function whose variables are locals (inlined into a loop they would be
// model members); selections are written as ?: so that data-dependent choices compile without
// branches where the host can.
package cube_fp;

  localparam logic [31:0] kIndefinite = 32'hffc0_0000;
  localparam logic [31:0] kQuietBit = 32'h0040_0000;
  typedef logic [511:0] lanes_t;  // 16 x 32 bits or 32 x 16 bits

  function automatic logic f32_is_nan(input logic [30:0] x);
    return (&x[30:23]) && (|x[22:0]);
  endfunction

  function automatic logic f32_is_inf(input logic [30:0] x);
    return (&x[30:23]) && !(|x[22:0]);
  endfunction

  // Leading zeros of a non-zero 32-bit value: a 5-level priority encoder (halves, quarters, ...),
  // straight-line and branch-free (a short dependency chain in every FP add).
  function automatic logic [4:0] lzc32(input logic [31:0] x);
    logic [31:0] v;
    logic [4:0] n;
    n[4] = x[31:16] == 16'b0;
    v = n[4] ? x << 16 : x;
    n[3] = v[31:24] == 8'b0;
    v = n[3] ? v << 8 : v;
    n[2] = v[31:28] == 4'b0;
    v = n[2] ? v << 4 : v;
    n[1] = v[31:30] == 2'b0;
    v = n[1] ? v << 2 : v;
    n[0] = !v[31];
    return n;
  endfunction

  function automatic logic [31:0] f16_to_f32(input logic [15:0] h);
    logic [9:0] mant;
    logic [7:0] exp;
    logic [4:0] lz;
    if (&h[14:10]) return {h[15], 8'hff, h[9:0], 13'b0};
    if (|h[14:10]) return {h[15], 3'b0, h[14:10], h[9:0], 13'b0} + 32'h3800_0000;
    if (!(|h[9:0])) return {h[15], 31'b0};
    // Subnormal: shift the leading one out to bit 10 (the implicit one of FP32).
    lz = lzc32({h[9:0], 22'b0});
    mant = h[9:0] << (lz + 5'd1);
    exp = 8'd112 - {3'b0, lz};
    return {h[15], exp, mant, 13'b0};
  endfunction

  // x and y are widened FP16 values: finite non-zero ones have 13 zero low mantissa bits and a
  // biased exponent in 103..142.
  function automatic logic [31:0] f16_mul(input logic [31:0] x, input logic [31:0] y);
    logic s;
    logic [21:0] p;
    logic [7:0] e;
    s = x[31] ^ y[31];
    if (&x[30:23] || &y[30:23]) begin  // inf or NaN operand (one rarely taken branch)
      if (f32_is_nan(x[30:0])) return x | kQuietBit;
      if (f32_is_nan(y[30:0])) return y | kQuietBit;
      if (x[30:0] == 0 || y[30:0] == 0) return kIndefinite;
      return {s, 8'hff, 23'b0};
    end
    p = {1'b1, x[22:13]} * {1'b1, y[22:13]};
    e = x[30:23] + y[30:23] - 8'd127 + {7'b0, p[21]};  // 79..158: no wrap
    return (x[30:0] == 0 || y[30:0] == 0) ? {s, 31'b0} :
           {s, e, p[21] ? {p[20:0], 2'b0} : {p[19:0], 3'b0}};
  endfunction

  function automatic logic [31:0] f32_add(input logic [31:0] x, input logic [31:0] y);
    logic [31:0] dom, lit;  // dominant (larger magnitude) and lesser operand
    logic [7:0] eb, es, d;
    logic [26:0] mb, ms, shifted;
    logic [27:0] sum;
    logic [26:0] norm;
    logic [24:0] sig;
    logic sticky, sub, up, ge, carry;
    logic [4:0] lz;
    int e;
    if (&x[30:23] || &y[30:23]) begin  // inf or NaN operand (one rarely taken branch)
      if (f32_is_nan(x[30:0])) return x | kQuietBit;
      if (f32_is_nan(y[30:0])) return y | kQuietBit;
      if (f32_is_inf(x[30:0]) && f32_is_inf(y[30:0]) && (x[31] != y[31])) return kIndefinite;
      if (f32_is_inf(x[30:0])) return x;
      return y;
    end
    ge = x[30:0] >= y[30:0];
    dom = ge ? x : y;
    lit = ge ? y : x;
    // Significands with the hidden bit and 3 guard/round/sticky bits; subnormals count as exp 1.
    eb = (|dom[30:23]) ? dom[30:23] : 8'd1;
    es = (|lit[30:23]) ? lit[30:23] : 8'd1;
    mb = {|dom[30:23], dom[22:0], 3'b0};
    ms = {|lit[30:23], lit[22:0], 3'b0};
    d = eb - es;
    if (d >= 8'd27) begin
      shifted = 27'b0;
      sticky = |ms;
    end else begin
      shifted = ms >> d;
      sticky = |(ms & ~(27'h7ff_ffff << d));
    end
    shifted[0] = shifted[0] | sticky;
    sub = dom[31] ^ lit[31];
    sum = {1'b0, mb} + (sub ? -{1'b0, shifted} : {1'b0, shifted});
    if (sum == 0) return sub ? 32'b0 : {dom[31], 31'b0};
    // A carry shifts right by one; otherwise normalise left, stopping at the subnormal exponent.
    carry = sum[27];
    lz = lzc32({sum[26:0], 5'b0});
    lz = int'(lz) > int'(eb) - 1 ? 5'(eb - 8'd1) : lz;
    norm = carry ? {sum[27:2], sum[1] | sum[0]} : 27'(sum << lz);
    e = carry ? int'(eb) + 1 : int'(eb) - int'(lz);
    up = norm[2] && (norm[1] || norm[0] || norm[3]);
    sig = {1'b0, norm[26:3]} + {24'b0, up};
    e = e + (sig[24] ? 1 : 0);
    sig = sig[24] ? sig >> 1 : sig;
    if (e >= 255) return {dom[31], 8'hff, 23'b0};
    return {dom[31], sig[23] ? 8'(e) : 8'd0, sig[22:0]};
  endfunction

  // The per-chain functions work on whole 32-bit words (aligned selects): a raw row word holds 2
  // FP16 or 4 INT8 lanes, a widened or product word 1 FP32 or 2 16-bit lanes.
  function automatic logic [31:0] sext8_pair(input logic [15:0] two);
    return {16'($signed(two[15:8])), 16'($signed(two[7:0]))};
  endfunction

  // One A row / B column of a fractal (256 bits), widened to 32-bit (FP16) or 16-bit (INT8) lanes.
  // (Each dtype has its own loop: Verilator would otherwise merge the two arms into one ?: and
  // evaluate both functions.)
  function automatic void widen_row(input logic int8, input logic [255:0] raw, output lanes_t w);
    /* verilator no_inline_task */
    logic [31:0] r;
    w = '0;
    if (int8) begin
      for (int i = 0; i < 8; i++) begin
        r = raw[i*32+:32];
        w[i*64+:64] = {sext8_pair(r[31:16]), sext8_pair(r[15:0])};
      end
    end else begin
      for (int i = 0; i < 8; i++) begin
        r = raw[i*32+:32];
        w[i*64+:64] = {f16_to_f32(r[31:16]), f16_to_f32(r[15:0])};
      end
    end
  endfunction

  // Products of one chain. FP16: the 16 exact products, added in S4 one by one in ascending k.
  // INT8: the sum of the products of lanes below kcnt (an adder tree; integer sums wrap the same
  // in any order) in the low word, which S4 adds to the chain's start.
  function automatic void products(input logic int8, input logic [5:0] kcnt, input lanes_t a,
                                   input lanes_t b, output lanes_t p);
    /* verilator no_inline_task */
    logic [31:0] x, y, sum;
    p = '0;
    if (int8) begin
      sum = 32'b0;
      for (int i = 0; i < 16; i++) begin
        x = a[i*32+:32];
        y = b[i*32+:32];
        sum = sum + (2 * i < int'(kcnt) ? 32'($signed(x[15:0])) * 32'($signed(y[15:0])) : 32'b0)
                  + (2 * i + 1 < int'(kcnt) ? 32'($signed(x[31:16])) * 32'($signed(y[31:16]))
                                            : 32'b0);
      end
      p[31:0] = sum;
    end else begin
      for (int i = 0; i < 16; i++) p[i*32+:32] = f16_mul(a[i*32+:32], b[i*32+:32]);
    end
  endfunction

  // NCH chains at a time, k outer: the chains are independent, so the host overlaps their adds
  // (one chain alone is a serial dependency through every rounded add).
  localparam int NCH = 4;
  function automatic void accumulate(input logic int8, input logic [5:0] kcnt,
                                     input logic [NCH-1:0][31:0] acc,
                                     input logic [NCH-1:0][511:0] p,
                                     output logic [NCH-1:0][31:0] r);
    /* verilator no_inline_task */
    r = acc;
    if (int8) begin
      for (int q = 0; q < NCH; q++) r[q] = r[q] + p[q][31:0];
    end else begin
      for (int i = 0; i < 16; i++) begin
        if (i < int'(kcnt)) begin
          for (int q = 0; q < NCH; q++) r[q] = f32_add(r[q], p[q][i*32+:32]);
        end
      end
    end
  endfunction

endpackage
