import { setFlagsFromString } from "node:v8";

// Imported by the entry point before undici loads. undici reads HTTP answers with llhttp,
// compiled to WebAssembly. V8 compiles it with its baseline compiler (Liftoff) first, and again
// with its optimizing compiler once the parser runs hot under load; that second compile's
// working memory took the pod's RSS from about 80 to 115 MB for a few milliseconds at the start
// of every load. At the baseline only, the page was as fast (docs/benchmarks.md).
setFlagsFromString("--liftoff-only");
