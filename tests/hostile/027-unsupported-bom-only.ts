// expect: ABS1003 no-exported-function 1:1
// A byte-order mark and comments, no code.
