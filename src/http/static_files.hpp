#pragma once
// Serves the built web console (web/dist) from disk: confined paths, MIME types, strong ETags,
// precompressed .br/.gz variants, long-lived caching for Vite's hashed assets and SPA fallback.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace onegrid::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // A response for GET/HEAD of a file under the root (for HEAD the body is still filled in: the
  // server sends only its length), a 404 problem for paths that try to leave the root, and
  // nullopt for everything else, so the caller can answer it.
  std::optional<Response> serve(const Request& req) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  struct File {
    std::int64_t mtime_ns = 0;
    std::uintmax_t size = 0;
    std::string content;
    std::string etag;  // quoted
  };
  // The regular file at `path` (cached while its mtime and size stay the same), or nullptr.
  std::shared_ptr<const File> load(const std::filesystem::path& path) const;
  std::optional<Response> respond(const Request& req, const std::string& relative,
                                  const std::filesystem::path& path) const;

  std::filesystem::path root_;  // canonical
  mutable std::shared_mutex mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const File>> cache_;
};

}  // namespace onegrid::http
