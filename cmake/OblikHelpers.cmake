# Build helpers shared by every Oblik target.

# Warnings are errors on our own code only (never on Qt's generated moc/rcc files' includes).
function(oblik_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-error=deprecated-declarations)
  target_compile_definitions(${target} PRIVATE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER QT_NO_KEYWORDS
    OBLIK_VERSION="${PROJECT_VERSION}")
endfunction()

# oblik_add_library(<name> ALIAS <Alias> SOURCES ... [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# A static library <name> with the alias Oblik::<Alias>; its folder's parent is the include root,
# so code includes "core/money.h", "store/database.h" and so on.
function(oblik_add_library name)
  cmake_parse_arguments(ARG "" "ALIAS;INCLUDE_ROOT" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  add_library(Oblik::${ARG_ALIAS} ALIAS ${name})
  if(NOT ARG_INCLUDE_ROOT)
    get_filename_component(ARG_INCLUDE_ROOT ${CMAKE_CURRENT_SOURCE_DIR} DIRECTORY)
  endif()
  target_include_directories(${name} PUBLIC ${ARG_INCLUDE_ROOT})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LIBS} PRIVATE ${ARG_PRIVATE_LIBS})
  oblik_target_defaults(${name})
endfunction()

# oblik_add_test(<name> SOURCES ... LIBS ... LABELS ... [ENVIRONMENT ...] [TIMEOUT s])
# A Qt Test executable registered with CTest: offscreen platform, asserts forced on, labels set, and
# its own settings, data and cache folders under build/test-home/<name>, never the user's.
function(oblik_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
  target_compile_options(${name} PRIVATE -UNDEBUG)
  target_compile_definitions(${name} PRIVATE
    OBLIK_SOURCE_DIR="${PROJECT_SOURCE_DIR}" OBLIK_BINARY_DIR="${PROJECT_BINARY_DIR}")
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  oblik_target_defaults(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES
    LABELS "${ARG_LABELS}"
    TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_FORCE_ASSERTS=1;OBLIK_SERVER_BIN=${PROJECT_BINARY_DIR}/bin/oblik-server;XDG_DATA_HOME=${PROJECT_BINARY_DIR}/test-home/${name}/data;XDG_CONFIG_HOME=${PROJECT_BINARY_DIR}/test-home/${name}/config;XDG_CACHE_HOME=${PROJECT_BINARY_DIR}/test-home/${name}/cache;${ARG_ENVIRONMENT}")
endfunction()
