# A stand-in for Eigen 3.3.7's CMake package (Debian 11, Ubuntu 20.04), for check_eigen_version.cmake: the version is
# all it has, enough for CMakeLists.txt's version check to refuse it.
