# onegrid_embed(OUTPUT file.cpp FILES a b …): compiles files into the binary as
# onegrid::embedded::find("<file name>") -> std::string_view (see src/base/embedded.hpp).
function(onegrid_embed)
  cmake_parse_arguments(E "" "OUTPUT" "FILES" ${ARGN})
  string(REPLACE ";" "|" files_arg "${E_FILES}")  # ';' would split the shell command
  add_custom_command(
    OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} "-DFILES=${files_arg}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedWrite.cmake
    DEPENDS ${E_FILES} ${CMAKE_SOURCE_DIR}/cmake/EmbedWrite.cmake
    COMMENT "Embedding resources"
    VERBATIM)
endfunction()
