# Opt-in sanitizer and fuzzing builds (docs/Fuzzing.md). Neither is part of the
# default build or of CI's test run.
#
#   -DNIRTORCH_SANITIZE=address,undefined   instrument nirtorch's own code
#   -DNIRTORCH_FUZZ=ON                      also build the libFuzzer targets
#                                           of test/fuzz (clang only)
#
# Only the project's code is instrumented: MLIR/LLVM, HDF5 and libtorch are
# Debian's prebuilt libraries. ASan still intercepts their malloc/free and
# mem*/str* calls, so a heap overflow we cause through them is caught, but a
# bug inside them is not (docs/Fuzzing.md lists what that leaves uncovered).
set(NIRTORCH_SANITIZE "" CACHE STRING
    "Sanitizers for nirtorch's code, a comma list for -fsanitize= (e.g. address,undefined)")
option(NIRTORCH_FUZZ "Build the libFuzzer targets in test/fuzz (needs clang)" OFF)

if(NIRTORCH_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "NIRTORCH_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-19 "
                      "-DCMAKE_C_COMPILER=clang-19 with Debian's libclang-rt-19-dev)")
endif()

if(NIRTORCH_SANITIZE)
  string(REPLACE ";" "," NIRTORCH_SANITIZE_FLAG "${NIRTORCH_SANITIZE}")
  message(STATUS "nirtorch: sanitizers ${NIRTORCH_SANITIZE_FLAG}")
  # Any report is fatal, so a lit test or a fuzzer stops at the first one.
  # vptr and function checks need every polymorphic class and callee built
  # with them; the prebuilt libraries are not (the same exclusion LLVM's own
  # sanitizer builds make).
  add_compile_options(-fsanitize=${NIRTORCH_SANITIZE_FLAG}
                      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${NIRTORCH_SANITIZE_FLAG})
  if(NIRTORCH_SANITIZE_FLAG MATCHES "undefined")
    add_compile_options(-fno-sanitize=vptr,function)
  endif()
  if(NIRTORCH_SANITIZE_FLAG MATCHES "address")
    # LLVM's allocators must not annotate memory the uninstrumented LLVM
    # libraries hand out (the header says why).
    add_compile_options("SHELL:$<$<COMPILE_LANGUAGE:CXX>:-include ${CMAKE_CURRENT_LIST_DIR}/NIRTorchSanitizerPrelude.h>")
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Line tables make the reports point at source lines at any -O.
    add_compile_options(-gline-tables-only)
  else()
    add_compile_options(-g1)
  endif()
  # Shared objects leave the sanitizer runtime to the executable that loads
  # them, so HandleLLVMOptions' "-z defs" cannot hold for them.
  string(REPLACE "-Wl,-z,defs" "" CMAKE_SHARED_LINKER_FLAGS
         "${CMAKE_SHARED_LINKER_FLAGS}")
endif()

if(NIRTORCH_FUZZ)
  # Coverage feedback for libFuzzer in every project library; the fuzz
  # targets themselves link the libFuzzer driver (-fsanitize=fuzzer).
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
