# Fuzzing build (-DCECAT_FUZZ=ON, clang only): every module library is compiled with
# libFuzzer's coverage instrumentation (fuzzer-no-link; cecat_module adds it), and
# everything with ASan and UBSan (the top CMakeLists.txt), so the fuzz targets in
# tests/fuzz/ find memory errors and undefined behaviour, not only crashes. Only the
# fuzz targets link libFuzzer's main (-fsanitize=fuzzer); the module libraries stay
# ordinary static libraries, which the sanitizer test suite can link too (the
# coverage callbacks have empty default definitions in the sanitizer runtime):
# scripts/test.sh builds that suite and the fuzz targets in one tree. See
# docs/security.md.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CECAT_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz.sh does)")
endif()
set(CECAT_FUZZ_COVERAGE_OPTIONS -fsanitize=fuzzer-no-link)
