# cecat_module(NAME <target> DEPS <targets...>)
# Builds every .cc directly in the calling folder (and its detail/ folder) into one
# static library. Globbing keeps parallel work on a module from colliding on this file;
# CONFIGURE_DEPENDS re-globs when files are added.
function(cecat_module)
  cmake_parse_arguments(M "" "NAME" "DEPS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_SOURCE_DIR}/*.cc ${CMAKE_CURRENT_SOURCE_DIR}/detail/*.cc)
  if(NOT _srcs)
    # A module whose sources are not written yet is a header-only placeholder.
    add_library(${M_NAME} INTERFACE)
    target_include_directories(${M_NAME} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${M_NAME} INTERFACE ${M_DEPS})
    return()
  endif()
  add_library(${M_NAME} STATIC ${_srcs})
  target_include_directories(${M_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${M_NAME} PUBLIC ${M_DEPS})
  # -DCECAT_FUZZ=ON: coverage for libFuzzer in the libraries the fuzz targets exercise
  # (not in the tests' own code; cmake/CecatFuzz.cmake).
  target_compile_options(${M_NAME} PRIVATE ${CECAT_FUZZ_COVERAGE_OPTIONS})
endfunction()
