# check_eigen_version.cmake: with Eigen older than 3.4 (the stand-in in old-eigen/) or none at all, the Maven build's
# native step (native/build-for-maven.sh) prints one line naming the problem and the fix, exits 0 and builds nothing,
# so the rest of the Maven build goes on.
#   cmake -DSCRIPT=native/build-for-maven.sh -DOLD_EIGEN=native/tests/old-eigen -DWORK=<scratch dir> \
#         -P native/tests/check_eigen_version.cmake
cmake_minimum_required(VERSION 3.20)
set(expected_old "qnnlab: native kernel skipped: Eigen 3.3.7 found, 3.4 or newer needed (sudo apt-get install -y libeigen3-dev from Debian 12 or newer)\n")
set(expected_none "qnnlab: native kernel skipped: Eigen 3.4 not found (sudo apt-get install -y libeigen3-dev, or set Eigen3_ROOT to its prefix)\n")
set(failed FALSE)
foreach(case old none)
  if(case STREQUAL "old")
    set(args "-DEigen3_DIR=${OLD_EIGEN}")
  else()
    set(args "-DCMAKE_DISABLE_FIND_PACKAGE_Eigen3=ON")
  endif()
  file(REMOVE_RECURSE "${WORK}/${case}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env "QNNLAB_CMAKE_ARGS=${args}"
                    bash "${SCRIPT}" "${WORK}/${case}/classes" "${WORK}/${case}/build"
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(SEND_ERROR "${case}: exit code ${code}, expected 0\n${out}${err}")
    set(failed TRUE)
  elseif(NOT out STREQUAL "${expected_${case}}" OR NOT err STREQUAL "")
    message(SEND_ERROR "${case}: expected exactly\n${expected_${case}}got\n${out}and on stderr\n${err}")
    set(failed TRUE)
  elseif(EXISTS "${WORK}/${case}/classes/native")
    message(SEND_ERROR "${case}: a library was copied into the classes although Eigen was refused")
    set(failed TRUE)
  else()
    string(STRIP "${out}" out)
    message(STATUS "${case}: ${out}")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "the Eigen version check failed")
endif()
