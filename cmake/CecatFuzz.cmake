# Fuzzing build (-DCECAT_FUZZ=ON, clang only): every library is compiled with
# libFuzzer's coverage instrumentation (fuzzer-no-link) plus ASan and UBSan, so the
# fuzz targets in tests/fuzz/ find memory errors and undefined behaviour, not only
# crashes. Only the fuzz targets link libFuzzer's main (-fsanitize=fuzzer); the
# module libraries stay ordinary static libraries. See docs/security.md.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CECAT_FUZZ needs clang (libFuzzer): configure with "
                      "-DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz.sh does)")
endif()
if(CECAT_SANITIZE)
  message(FATAL_ERROR "CECAT_FUZZ already adds ASan and UBSan; leave CECAT_SANITIZE off")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)
