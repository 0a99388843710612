#pragma once
// Reading a whole file into memory (extracts, mappings, keys): one allocation of the file's
// size, no stream copies. nullopt when the file cannot be opened or read; the caller says what
// that means in its own error.

#include <filesystem>
#include <optional>
#include <string>

namespace onegrid {

std::optional<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace onegrid
