// Static file serving for the web console; see static_files.hpp.
#include "http/static_files.hpp"

#include <sys/stat.h>

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "http/problem.hpp"

namespace onegrid::http {
namespace fs = std::filesystem;
namespace {

// Files larger than this are served but not kept in memory.
constexpr std::uintmax_t kMaxCachedSize = 16u << 20;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> items;
  while (!s.empty()) {
    const auto comma = s.find(',');
    if (auto item = trim(s.substr(0, comma)); !item.empty()) items.push_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return items;
}

std::string_view content_type_for(std::string_view ext) {
  static const std::unordered_map<std::string_view, std::string_view> types{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"woff", "font/woff"},
      {"ttf", "font/ttf"},
      {"txt", "text/plain; charset=utf-8"},
      {"wasm", "application/wasm"},
  };
  auto it = types.find(ext);
  return it == types.end() ? std::string_view("application/octet-stream") : it->second;
}

std::string extension_of(std::string_view relative) {
  const auto slash = relative.rfind('/');
  const std::string_view name =
      slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return lower(name.substr(dot + 1));
}

// FNV-1a, 64 bits: a cheap content hash for strong ETags.
std::string etag_of(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

// Whether Accept-Encoding allows `coding` (q > 0, directly or through "*").
bool accepts(std::string_view accept_encoding, std::string_view coding) {
  std::optional<double> direct, star;
  for (std::string_view item : split_list(accept_encoding)) {
    const auto semi = item.find(';');
    const std::string name = lower(trim(item.substr(0, semi)));
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string_view params = trim(item.substr(semi + 1));
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
        params.remove_prefix(2);
        double parsed = 0;
        auto [p, ec] = std::from_chars(params.data(), params.data() + params.size(), parsed);
        q = ec == std::errc() ? parsed : 0;
      }
    }
    if (name == coding) direct = q;
    if (name == "*") star = q;
  }
  if (direct) return *direct > 0;
  return star && *star > 0;
}

bool etag_matches(std::string_view if_none_match, const std::string& etag) {
  for (std::string_view tag : split_list(if_none_match)) {
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // If-None-Match uses weak comparison
    if (tag == etag) return true;
  }
  return false;
}

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = std::move(root);
}

std::shared_ptr<const StaticFiles::File> StaticFiles::load(const fs::path& path) const {
  const std::string key = path.string();
  struct stat st {};
  if (::stat(key.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    std::unique_lock lock(mu_);
    cache_.erase(key);
    return nullptr;
  }
  const std::int64_t mtime_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  {
    std::shared_lock lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second->mtime_ns == mtime_ns && it->second->size == size)
      return it->second;
  }

  // Symbolic links must not lead out of the root either.
  std::error_code ec;
  const fs::path real = fs::canonical(path, ec);
  if (ec) return nullptr;
  const auto rel = real.lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return nullptr;

  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  auto file = std::make_shared<File>();
  file->content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return nullptr;
  file->mtime_ns = mtime_ns;
  file->size = size;
  file->etag = etag_of(file->content);
  if (file->content.size() == size && size <= kMaxCachedSize) {
    std::unique_lock lock(mu_);
    cache_[key] = file;
  }
  return file;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  const std::string_view path = req.path.empty() ? std::string_view("/") : req.path;
  auto reject = [&] {
    return problem_response(not_found("http.not_found", "no such file"), req.request_id);
  };
  if (path.front() != '/' || path.find('\0') != std::string_view::npos ||
      path.find('\\') != std::string_view::npos)
    return reject();

  // Normalise: drop empty and "." segments; ".." (decoded from any encoding) is refused.
  std::string relative;
  std::string_view rest = path;
  std::string_view last;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return reject();
    if (!relative.empty()) relative += '/';
    relative += segment;
    last = segment;
  }

  if (!relative.empty()) {
    const fs::path full = root_ / relative;
    if (is_regular(full)) return respond(req, relative, full);
    if (fs::path index = full / "index.html"; is_regular(index))
      return respond(req, relative + "/index.html", index);
  }
  // The root, and SPA routes such as /events/42 (no extension), get the console's index.html.
  if (relative.empty() || last.find('.') == std::string_view::npos) {
    const fs::path index = root_ / "index.html";
    if (is_regular(index)) return respond(req, "index.html", index);
  }
  return std::nullopt;
}

std::optional<Response> StaticFiles::respond(const Request& req, const std::string& relative,
                                             const fs::path& path) const {
  auto file = load(path);
  if (!file) return std::nullopt;

  const std::string accept = std::string(req.header("accept-encoding"));
  fs::path br = path, gz = path;
  br += ".br";
  gz += ".gz";
  const bool has_br = is_regular(br), has_gz = is_regular(gz);
  std::string encoding;
  if (has_br && accepts(accept, "br")) {
    if (auto v = load(br)) file = std::move(v), encoding = "br";
  }
  if (encoding.empty() && has_gz && accepts(accept, "gzip")) {
    if (auto v = load(gz)) file = std::move(v), encoding = "gzip";
  }

  Response res;
  res.set_header("Content-Type", std::string(content_type_for(extension_of(relative))));
  res.set_header("ETag", file->etag);
  res.set_header("Cache-Control", relative.rfind("assets/", 0) == 0
                                      ? "public, max-age=31536000, immutable"
                                      : "no-cache");
  if (has_br || has_gz) res.set_header("Vary", "Accept-Encoding");
  if (!encoding.empty()) res.set_header("Content-Encoding", encoding);
  res.set_header("X-Content-Type-Options", "nosniff");
  if (etag_matches(req.header("if-none-match"), file->etag)) {
    res.status = 304;
    return res;
  }
  res.body = file->content;
  return res;
}

}  // namespace onegrid::http
