# `cmake --install <build> --prefix P` installs the tools, the public headers
# (with the generated .h.inc headers they include and the ODS files), the
# libraries and a CMake package, so that a downstream project can write
#
#   find_package(NIRTorch REQUIRED CONFIG)   # -DCMAKE_PREFIX_PATH=P
#   target_link_libraries(app PRIVATE NIRTorch::NIRTorch)
#
# (test/Install builds such a project). Included last from the top-level
# CMakeLists.txt, once every target exists.

include(CMakePackageConfigHelpers)

set(NIRTORCH_INSTALL_CMAKE_DIR lib${LLVM_LIBDIR_SUFFIX}/cmake/NIRTorch)

# Tools.
install(TARGETS nir-opt nir-translate nirtorch
  RUNTIME DESTINATION bin COMPONENT nirtorch-tools)

# Headers: the source tree's, the generated declarations, the ODS.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/nirtorch
  DESTINATION include COMPONENT nirtorch-headers
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/nirtorch
  DESTINATION include COMPONENT nirtorch-headers
  FILES_MATCHING PATTERN "*.h.inc"
  PATTERN "CMakeFiles" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/dialects/nir/
  DESTINATION include/nirtorch/Dialect/NIR COMPONENT nirtorch-headers
  FILES_MATCHING PATTERN "*.td")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/dialects/torchscript/
  DESTINATION include/nirtorch/Dialect/TorchScript COMPONENT nirtorch-headers
  FILES_MATCHING PATTERN "*.td")

# Libraries: every NIRTorch* library add_mlir_library made (it installs the
# archives itself, but into no export set), plus the umbrella target
# NIRTorch::NIRTorch = the public API and everything it needs.
get_property(_nirtorch_all_libs GLOBAL PROPERTY MLIR_ALL_LIBS)
set(NIRTORCH_EXPORTED_LIBS)
foreach(_lib IN LISTS _nirtorch_all_libs)
  if(_lib MATCHES "^NIRTorch" AND TARGET ${_lib})
    list(APPEND NIRTORCH_EXPORTED_LIBS ${_lib})
  endif()
endforeach()

add_library(NIRTorchPackage INTERFACE)
set_target_properties(NIRTorchPackage PROPERTIES EXPORT_NAME NIRTorch)
target_link_libraries(NIRTorchPackage INTERFACE NIRTorchAPI)
if(TARGET NIRTorchAPITorch)
  target_link_libraries(NIRTorchPackage INTERFACE NIRTorchAPITorch)
endif()
target_include_directories(NIRTorchPackage INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
  $<INSTALL_INTERFACE:include>)
target_compile_features(NIRTorchPackage INTERFACE cxx_std_17)

install(TARGETS ${NIRTORCH_EXPORTED_LIBS} NIRTorchPackage
  EXPORT NIRTorchTargets COMPONENT nirtorch-libraries
  ARCHIVE DESTINATION lib${LLVM_LIBDIR_SUFFIX}
  LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX}
  RUNTIME DESTINATION bin)
install(EXPORT NIRTorchTargets NAMESPACE NIRTorch::
  DESTINATION ${NIRTORCH_INSTALL_CMAKE_DIR} COMPONENT nirtorch-libraries)

# The package configuration: finds the same MLIR and libtorch this tree was
# built with (HDF5 is linked by absolute path and needs no find).
set(NIRTORCH_CONFIG_MLIR_DIR "${MLIR_DIR}")
set(NIRTORCH_CONFIG_TORCH_DIR "${Torch_DIR}")
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/NIRTorchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/NIRTorchConfig.cmake
  INSTALL_DESTINATION ${NIRTORCH_INSTALL_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/NIRTorchConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/NIRTorchConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/NIRTorchConfigVersion.cmake
  DESTINATION ${NIRTORCH_INSTALL_CMAKE_DIR} COMPONENT nirtorch-libraries)

# test/Install installs the build tree: everything installed must be built
# before the tests run.
foreach(_target check-nirtorch check-nirtorch-quick nirtorch-test-depends)
  if(TARGET ${_target})
    add_dependencies(${_target} ${NIRTORCH_EXPORTED_LIBS} nir-opt nir-translate nirtorch)
    if(TARGET NIRTorchTorchScriptPlugin)
      add_dependencies(${_target} NIRTorchTorchScriptPlugin)
    endif()
  endif()
endforeach()

# The shipped module maps of SNN libraries (maps/*.json, docs/Maps.md), for
# `nirtorch --module-map=<prefix>/share/nirtorch/maps/snntorch.json`.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/maps/
  DESTINATION share/nirtorch/maps COMPONENT nirtorch-tools
  FILES_MATCHING PATTERN "*.json")
