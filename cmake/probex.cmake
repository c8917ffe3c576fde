# Helpers that keep each folder's CMakeLists.txt to a few lines.
# Every folder under src/ is one library target; its *_test.cc files form one test binary.

# Warnings as errors on our own targets only (never on third-party headers).
function(probex_warnings target)
  # -Wno-restrict: GCC 12 reports false positives inside std::string at -O2/-O3 (GCC PR 105329).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-restrict)
endfunction()

# probex_library(NAME probex_x DEPS a b ...): a static library from the folder's *.cc files
# (tests excluded). Include paths are rooted at src/, so "common/money.h" finds src/common/money.h.
function(probex_library)
  cmake_parse_arguments(ARG "" "NAME" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER sources EXCLUDE REGEX "_test\\.cc$")
  if(sources)
    add_library(${ARG_NAME} STATIC ${sources})
    target_include_directories(${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPS})
    probex_warnings(${ARG_NAME})
  else()
    add_library(${ARG_NAME} INTERFACE)
    target_include_directories(${ARG_NAME} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${ARG_NAME} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# probex_tests(NAME x_test DEPS lib ... [LABELS unit] [OPTIMIZED]): one GoogleTest binary from the folder's
# *_test.cc files, registered with CTest. Tests that start the real binary get the label e2e and
# the environment variable PROBEX_BIN pointing at it.
function(probex_tests)
  cmake_parse_arguments(ARG "OPTIMIZED" "NAME" "DEPS;LABELS" ${ARGN})
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(NOT tests)
    return()
  endif()
  add_executable(${ARG_NAME} ${tests})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  probex_warnings(${ARG_NAME})
  # Test code itself needs no optimizer: the code under test comes optimized from its libraries,
  # and -O0 halves the compile time of these template-heavy files (the CI budget is 2 cores).
  # OPTIMIZED keeps the build type's flags for tests that run millions of commands in test code.
  if(NOT ARG_OPTIMIZED)
    target_compile_options(${ARG_NAME} PRIVATE -O0)
  endif()
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME} --gtest_brief=1)
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 900
    ENVIRONMENT "PROBEX_BIN=$<TARGET_FILE:probex>;PROBEX_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
