// Arithmetic of the cube datapath (numerics contract, DESIGN section 6), as pure functions so the
// pipeline in cube.sv stays a plain register structure:
//   f16_to_f32  exact widening (subnormals normalised, inf/NaN payload kept as is)
//   f16_mul     exact product of two widened FP16 values (an 11 x 11 bit significand product
//               always fits FP32's 24 bits, and 2^-48 .. 2^32 is inside FP32's normal range)
//   f32_add     IEEE binary32 addition, round to nearest even, gradual underflow (no flush)
// NaN results follow the x86 SSE/AVX rule that the functional model's host code produces: a NaN
// operand comes back quietened (bit 22 set), the first operand's when both are NaN, and an invalid
// operation (inf * 0, inf - inf) gives the "indefinite" NaN 0xffc00000.
package cube_fp;

  localparam logic [31:0] kIndefinite = 32'hffc0_0000;
  localparam logic [31:0] kQuietBit = 32'h0040_0000;

  function automatic logic f32_is_nan(input logic [30:0] x);
    return (&x[30:23]) && (|x[22:0]);
  endfunction

  function automatic logic f32_is_inf(input logic [30:0] x);
    return (&x[30:23]) && !(|x[22:0]);
  endfunction

  // Leading zeros of a non-zero 32-bit value (a 5-level priority encoder: halves, quarters, ...).
  function automatic logic [4:0] lzc32(input logic [31:0] x);
    logic [31:0] v;
    logic [4:0] n;
    v = x;
    n = 5'd0;
    for (int w = 16; w >= 1; w = w / 2) begin
      if ((v >> (32 - w)) == 32'b0) begin
        n = n + 5'(w);
        v = v << w;
      end
    end
    return n;
  endfunction

  function automatic logic [31:0] f16_to_f32(input logic [15:0] h);
    /* verilator no_inline_task */
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
    /* verilator no_inline_task */
    logic s;
    logic [21:0] p;
    logic [8:0] e;
    s = x[31] ^ y[31];
    if (f32_is_nan(x[30:0])) return x | kQuietBit;
    if (f32_is_nan(y[30:0])) return y | kQuietBit;
    if (f32_is_inf(x[30:0]) || f32_is_inf(y[30:0])) begin
      if (x[30:0] == 0 || y[30:0] == 0) return kIndefinite;
      return {s, 8'hff, 23'b0};
    end
    if (x[30:0] == 0 || y[30:0] == 0) return {s, 31'b0};
    p = {1'b1, x[22:13]} * {1'b1, y[22:13]};
    e = {1'b0, x[30:23]} + {1'b0, y[30:23]} - 9'd127;
    if (p[21]) return {s, 8'(e + 9'd1), p[20:0], 2'b0};
    return {s, e[7:0], p[19:0], 3'b0};
  endfunction

  function automatic logic [31:0] f32_add(input logic [31:0] x, input logic [31:0] y);
    /* verilator no_inline_task */
    logic [31:0] dom, lit;  // dominant (larger magnitude) and lesser operand
    logic [7:0] eb, es, d;
    logic [26:0] mb, ms, shifted;
    logic [27:0] sum;
    logic [24:0] sig;
    logic sticky, sub, up;
    int lz, e;
    if (f32_is_nan(x[30:0])) return x | kQuietBit;
    if (f32_is_nan(y[30:0])) return y | kQuietBit;
    if (f32_is_inf(x[30:0]) && f32_is_inf(y[30:0]) && (x[31] != y[31])) return kIndefinite;
    if (f32_is_inf(x[30:0])) return x;
    if (f32_is_inf(y[30:0])) return y;
    if (x[30:0] >= y[30:0]) begin
      dom = x;
      lit = y;
    end else begin
      dom = y;
      lit = x;
    end
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
    sum = sub ? {1'b0, mb} - {1'b0, shifted} : {1'b0, mb} + {1'b0, shifted};
    if (sum == 0) return sub ? 32'b0 : {dom[31], 31'b0};
    e = int'(eb);
    if (sum[27]) begin
      sum = {1'b0, sum[27:2], sum[1] | sum[0]};
      e = e + 1;
    end else begin
      lz = int'(lzc32({sum[26:0], 5'b0}));
      if (lz > e - 1) lz = e - 1;  // stop at the subnormal exponent
      sum = sum << lz;
      e = e - lz;
    end
    up = sum[2] && (sum[1] || sum[0] || sum[3]);
    sig = {1'b0, sum[26:3]} + {24'b0, up};
    if (sig[24]) begin
      sig = sig >> 1;
      e = e + 1;
    end
    if (e >= 255) return {dom[31], 8'hff, 23'b0};
    return {dom[31], sig[23] ? 8'(e) : 8'd0, sig[22:0]};
  endfunction

endpackage
