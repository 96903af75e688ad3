/**
 * `absad/client`: types for `?absad` imports, like `vite/client` (add `"types": ["absad/client"]`
 * to tsconfig's compilerOptions, or `/// <reference types="absad/client" />` to one file).
 *
 *   import { loss, loss_grad, loss_active } from './loss.ts?absad';
 *   import { loss_grad } from './loss.ts?abs-kink=1&wrt=w&absad';   // with options: end with absad
 *
 * A compiled module exports f(...), f_grad(..., gOut?) (or f_vjp(..., yBar, gOut?)) and
 * f_active(...) for each exported f of the file; with `target=wgsl`, createF(device?, options?)
 * resolving to a WebGPU kernel. The names depend on the file, and a wildcard
 * module declaration cannot list them, so every import from a `?absad` module is typed `any`
 * here. For exact signatures, `absad compile FILE` writes NAME.absad.d.ts.
 */
declare module '*?absad';
declare module '*&absad';
