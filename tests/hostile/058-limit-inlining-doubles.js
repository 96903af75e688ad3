// expect: ABS1008 function-too-large 28:8
// Each helper calls the next twice: 2^24 copies once inlined, refused before inlining.
function h0(t) { return h1(t) * h1(-t); }
function h1(t) { return h2(t) * h2(-t); }
function h2(t) { return h3(t) * h3(-t); }
function h3(t) { return h4(t) * h4(-t); }
function h4(t) { return h5(t) * h5(-t); }
function h5(t) { return h6(t) * h6(-t); }
function h6(t) { return h7(t) * h7(-t); }
function h7(t) { return h8(t) * h8(-t); }
function h8(t) { return h9(t) * h9(-t); }
function h9(t) { return h10(t) * h10(-t); }
function h10(t) { return h11(t) * h11(-t); }
function h11(t) { return h12(t) * h12(-t); }
function h12(t) { return h13(t) * h13(-t); }
function h13(t) { return h14(t) * h14(-t); }
function h14(t) { return h15(t) * h15(-t); }
function h15(t) { return h16(t) * h16(-t); }
function h16(t) { return h17(t) * h17(-t); }
function h17(t) { return h18(t) * h18(-t); }
function h18(t) { return h19(t) * h19(-t); }
function h19(t) { return h20(t) * h20(-t); }
function h20(t) { return h21(t) * h21(-t); }
function h21(t) { return h22(t) * h22(-t); }
function h22(t) { return h23(t) * h23(-t); }
function h23(t) { return h24(t) * h24(-t); }
function h24(t) { return Math.max(t, 1); }
export function f(x) {
  return h0(x[0]);
}
