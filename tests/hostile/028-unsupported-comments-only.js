// expect: ABS1003 no-exported-function 1:1
// Comments only, no code.
// just a comment
/* and another */
