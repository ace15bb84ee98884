// Included before every C++ file of a NIRTORCH_SANITIZE=address build
// (cmake/NIRTorchSanitizers.cmake).
//
// LLVM's headers poison and unpoison the slabs of their bump and recycling
// allocators when they are compiled with ASan. Debian's LLVM/MLIR libraries
// are not: an inline allocator function instantiated in our instrumented
// code may then poison a slab that the library's own copy hands out without
// unpoisoning it, and ASan reports a use-after-poison in correct code. The
// annotations must match the libraries, so they are compiled out here.
#ifndef NIRTORCH_SANITIZER_PRELUDE_H
#define NIRTORCH_SANITIZER_PRELUDE_H
#include "llvm/Support/Compiler.h"
#undef LLVM_ADDRESS_SANITIZER_BUILD
#define LLVM_ADDRESS_SANITIZER_BUILD 0
#define __asan_poison_memory_region(p, size) ((void)(p), (void)(size))
#define __asan_unpoison_memory_region(p, size) ((void)(p), (void)(size))
#endif
