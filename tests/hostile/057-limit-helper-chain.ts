// expect: ABS1007 nesting-too-deep 301:10
// Helpers calling helpers 121 deep.
function h0(t: number): number {
  return h1(t) + 1;
}
function h1(t: number): number {
  return h2(t) + 1;
}
function h2(t: number): number {
  return h3(t) + 1;
}
function h3(t: number): number {
  return h4(t) + 1;
}
function h4(t: number): number {
  return h5(t) + 1;
}
function h5(t: number): number {
  return h6(t) + 1;
}
function h6(t: number): number {
  return h7(t) + 1;
}
function h7(t: number): number {
  return h8(t) + 1;
}
function h8(t: number): number {
  return h9(t) + 1;
}
function h9(t: number): number {
  return h10(t) + 1;
}
function h10(t: number): number {
  return h11(t) + 1;
}
function h11(t: number): number {
  return h12(t) + 1;
}
function h12(t: number): number {
  return h13(t) + 1;
}
function h13(t: number): number {
  return h14(t) + 1;
}
function h14(t: number): number {
  return h15(t) + 1;
}
function h15(t: number): number {
  return h16(t) + 1;
}
function h16(t: number): number {
  return h17(t) + 1;
}
function h17(t: number): number {
  return h18(t) + 1;
}
function h18(t: number): number {
  return h19(t) + 1;
}
function h19(t: number): number {
  return h20(t) + 1;
}
function h20(t: number): number {
  return h21(t) + 1;
}
function h21(t: number): number {
  return h22(t) + 1;
}
function h22(t: number): number {
  return h23(t) + 1;
}
function h23(t: number): number {
  return h24(t) + 1;
}
function h24(t: number): number {
  return h25(t) + 1;
}
function h25(t: number): number {
  return h26(t) + 1;
}
function h26(t: number): number {
  return h27(t) + 1;
}
function h27(t: number): number {
  return h28(t) + 1;
}
function h28(t: number): number {
  return h29(t) + 1;
}
function h29(t: number): number {
  return h30(t) + 1;
}
function h30(t: number): number {
  return h31(t) + 1;
}
function h31(t: number): number {
  return h32(t) + 1;
}
function h32(t: number): number {
  return h33(t) + 1;
}
function h33(t: number): number {
  return h34(t) + 1;
}
function h34(t: number): number {
  return h35(t) + 1;
}
function h35(t: number): number {
  return h36(t) + 1;
}
function h36(t: number): number {
  return h37(t) + 1;
}
function h37(t: number): number {
  return h38(t) + 1;
}
function h38(t: number): number {
  return h39(t) + 1;
}
function h39(t: number): number {
  return h40(t) + 1;
}
function h40(t: number): number {
  return h41(t) + 1;
}
function h41(t: number): number {
  return h42(t) + 1;
}
function h42(t: number): number {
  return h43(t) + 1;
}
function h43(t: number): number {
  return h44(t) + 1;
}
function h44(t: number): number {
  return h45(t) + 1;
}
function h45(t: number): number {
  return h46(t) + 1;
}
function h46(t: number): number {
  return h47(t) + 1;
}
function h47(t: number): number {
  return h48(t) + 1;
}
function h48(t: number): number {
  return h49(t) + 1;
}
function h49(t: number): number {
  return h50(t) + 1;
}
function h50(t: number): number {
  return h51(t) + 1;
}
function h51(t: number): number {
  return h52(t) + 1;
}
function h52(t: number): number {
  return h53(t) + 1;
}
function h53(t: number): number {
  return h54(t) + 1;
}
function h54(t: number): number {
  return h55(t) + 1;
}
function h55(t: number): number {
  return h56(t) + 1;
}
function h56(t: number): number {
  return h57(t) + 1;
}
function h57(t: number): number {
  return h58(t) + 1;
}
function h58(t: number): number {
  return h59(t) + 1;
}
function h59(t: number): number {
  return h60(t) + 1;
}
function h60(t: number): number {
  return h61(t) + 1;
}
function h61(t: number): number {
  return h62(t) + 1;
}
function h62(t: number): number {
  return h63(t) + 1;
}
function h63(t: number): number {
  return h64(t) + 1;
}
function h64(t: number): number {
  return h65(t) + 1;
}
function h65(t: number): number {
  return h66(t) + 1;
}
function h66(t: number): number {
  return h67(t) + 1;
}
function h67(t: number): number {
  return h68(t) + 1;
}
function h68(t: number): number {
  return h69(t) + 1;
}
function h69(t: number): number {
  return h70(t) + 1;
}
function h70(t: number): number {
  return h71(t) + 1;
}
function h71(t: number): number {
  return h72(t) + 1;
}
function h72(t: number): number {
  return h73(t) + 1;
}
function h73(t: number): number {
  return h74(t) + 1;
}
function h74(t: number): number {
  return h75(t) + 1;
}
function h75(t: number): number {
  return h76(t) + 1;
}
function h76(t: number): number {
  return h77(t) + 1;
}
function h77(t: number): number {
  return h78(t) + 1;
}
function h78(t: number): number {
  return h79(t) + 1;
}
function h79(t: number): number {
  return h80(t) + 1;
}
function h80(t: number): number {
  return h81(t) + 1;
}
function h81(t: number): number {
  return h82(t) + 1;
}
function h82(t: number): number {
  return h83(t) + 1;
}
function h83(t: number): number {
  return h84(t) + 1;
}
function h84(t: number): number {
  return h85(t) + 1;
}
function h85(t: number): number {
  return h86(t) + 1;
}
function h86(t: number): number {
  return h87(t) + 1;
}
function h87(t: number): number {
  return h88(t) + 1;
}
function h88(t: number): number {
  return h89(t) + 1;
}
function h89(t: number): number {
  return h90(t) + 1;
}
function h90(t: number): number {
  return h91(t) + 1;
}
function h91(t: number): number {
  return h92(t) + 1;
}
function h92(t: number): number {
  return h93(t) + 1;
}
function h93(t: number): number {
  return h94(t) + 1;
}
function h94(t: number): number {
  return h95(t) + 1;
}
function h95(t: number): number {
  return h96(t) + 1;
}
function h96(t: number): number {
  return h97(t) + 1;
}
function h97(t: number): number {
  return h98(t) + 1;
}
function h98(t: number): number {
  return h99(t) + 1;
}
function h99(t: number): number {
  return h100(t) + 1;
}
function h100(t: number): number {
  return h101(t) + 1;
}
function h101(t: number): number {
  return h102(t) + 1;
}
function h102(t: number): number {
  return h103(t) + 1;
}
function h103(t: number): number {
  return h104(t) + 1;
}
function h104(t: number): number {
  return h105(t) + 1;
}
function h105(t: number): number {
  return h106(t) + 1;
}
function h106(t: number): number {
  return h107(t) + 1;
}
function h107(t: number): number {
  return h108(t) + 1;
}
function h108(t: number): number {
  return h109(t) + 1;
}
function h109(t: number): number {
  return h110(t) + 1;
}
function h110(t: number): number {
  return h111(t) + 1;
}
function h111(t: number): number {
  return h112(t) + 1;
}
function h112(t: number): number {
  return h113(t) + 1;
}
function h113(t: number): number {
  return h114(t) + 1;
}
function h114(t: number): number {
  return h115(t) + 1;
}
function h115(t: number): number {
  return h116(t) + 1;
}
function h116(t: number): number {
  return h117(t) + 1;
}
function h117(t: number): number {
  return h118(t) + 1;
}
function h118(t: number): number {
  return h119(t) + 1;
}
function h119(t: number): number {
  return h120(t) + 1;
}
function h120(t: number): number {
  return Math.abs(t);
}
export function f(x: Float64Array): number {
  return h0(x[0]);
}
