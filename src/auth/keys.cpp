#include "auth/keys.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "auth/sodium.hpp"
#include "auth/token.hpp"

namespace onegrid::auth {

namespace {

constexpr std::size_t kMaxFileBytes = 64 * 1024;

// The file's key names, in the order they are written.
struct Field {
  std::string_view name;
  std::array<unsigned char, 32> Keys::*member;
};
constexpr Field kFields[] = {{"session_key", &Keys::session_key},
                             {"data_key", &Keys::data_key},
                             {"index_key", &Keys::index_key}};

Error io_error(const std::filesystem::path& file, std::string_view what) {
  return internal_error("keys.io",
                        std::string(what) + " " + file.string() + ": " + std::strerror(errno));
}
Error corrupt(const std::filesystem::path& file, std::string_view why) {
  return internal_error("keys.corrupt",
                        "key file " + file.string() + " is malformed: " + std::string(why));
}

// Closes a descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Wipes a string holding key material on scope exit.
struct Wiped {
  std::string text;
  ~Wiped() { sodium_memzero(text.data(), text.size()); }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

Result<Keys> parse(const std::filesystem::path& file, std::string_view text) {
  Keys keys{};
  bool seen[std::size(kFields)] = {};
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return corrupt(file, "a line is not name=value");
    const std::string_view name = trim(line.substr(0, eq)), hex = trim(line.substr(eq + 1));
    std::size_t i = 0;
    while (i < std::size(kFields) && kFields[i].name != name) ++i;
    if (i == std::size(kFields)) return corrupt(file, "a line has an unknown name");
    if (seen[i]) return corrupt(file, std::string(name) + " appears twice");
    auto& out = keys.*kFields[i].member;
    std::size_t len = 0;
    const char* end = nullptr;
    if (hex.size() != 2 * out.size() ||
        sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0 ||
        len != out.size() || end != hex.data() + hex.size())
      return corrupt(file, std::string(name) + " is not 64 hex digits");
    seen[i] = true;
  }
  for (std::size_t i = 0; i < std::size(kFields); ++i)
    if (!seen[i]) return corrupt(file, std::string(kFields[i].name) + " is missing");
  return keys;
}

// Opens an existing key file; the permission check is on the opened file, not on its name.
Result<Keys> load(const std::filesystem::path& file, int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return io_error(file, "cannot stat");
  if (!S_ISREG(st.st_mode))
    return internal_error("keys.insecure_permissions",
                          "key file " + file.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0)
    return internal_error("keys.insecure_permissions",
                          "key file " + file.string() +
                              " is accessible to group or others; run: chmod 600 " + file.string());
  if (st.st_size > static_cast<off_t>(kMaxFileBytes)) return corrupt(file, "too large");
  Wiped buf;
  buf.text.resize(kMaxFileBytes + 1);
  std::size_t used = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf.text.data() + used, buf.text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(file, "cannot read");
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    if (used > kMaxFileBytes) return corrupt(file, "too large");
  }
  return parse(file, std::string_view(buf.text).substr(0, used));
}

std::string render(const Keys& keys) {
  std::string out;
  out.reserve(1024);  // one allocation, so no stray copy of the keys is left in freed memory
  out +=
      "# OneGrid secret keys. Keep this file private (mode 0600) and back it up with the data:\n"
      "# without data_key and index_key the encrypted personal data cannot be read.\n";
  char hex[2 * 32 + 1];
  for (const auto& f : kFields) {
    const auto& key = keys.*f.member;
    sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
    out.append(f.name).append("=").append(hex).append("\n");
  }
  sodium_memzero(hex, sizeof hex);
  return out;
}

Status make_parent_dirs(const std::filesystem::path& dir) {
  if (dir.empty()) return ok_status();
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) return ok_status();
  OG_TRY(make_parent_dirs(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return io_error(dir, "cannot create");
  return ok_status();
}

// Writes fresh keys to a private temp file beside `file` and links it into place. Returns false
// (and no keys) when another process created `file` first; the caller then loads theirs.
Result<bool> create(const std::filesystem::path& file) {
  OG_TRY(make_parent_dirs(file.parent_path()));
  Keys keys{};
  for (const auto& f : kFields) randombytes_buf((keys.*f.member).data(), 32);
  Wiped text{render(keys)};
  sodium_memzero(&keys, sizeof keys);
  std::filesystem::path tmp = file;
  tmp += ".tmp-" + random_hex(8);
  {
    Fd out{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
    if (out.fd < 0) return io_error(tmp, "cannot create");
    bool good = ::fchmod(out.fd, 0600) == 0;  // the umask may have removed owner bits
    for (std::size_t done = 0; good && done < text.text.size();) {
      const ssize_t n = ::write(out.fd, text.text.data() + done, text.text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      good = n > 0;
      if (good) done += static_cast<std::size_t>(n);
    }
    good = good && ::fsync(out.fd) == 0;
    if (!good) {
      Error e = io_error(tmp, "cannot write");
      ::unlink(tmp.c_str());
      return e;
    }
  }
  // link() fails with EEXIST instead of replacing, so two first runs cannot both win;
  // fall back to rename() on file systems without hard links.
  int rc = ::link(tmp.c_str(), file.c_str());
  int err = errno;
  if (rc != 0 && (err == EPERM || err == EOPNOTSUPP || err == ENOSYS)) {
    rc = ::rename(tmp.c_str(), file.c_str());
    err = errno;
  }
  ::unlink(tmp.c_str());  // the temp name is no longer needed, whatever happened
  if (rc != 0 && err == EEXIST) return false;
  errno = err;
  if (rc != 0) return io_error(file, "cannot install");
  const std::filesystem::path dir = file.parent_path().empty() ? "." : file.parent_path();
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0 || ::fsync(d.fd) != 0) return io_error(dir, "cannot sync");
  return true;
}

}  // namespace

Result<Keys> load_or_create_keys(const std::filesystem::path& file) {
  ensure_sodium();
  for (int attempt = 0; attempt < 2; ++attempt) {
    // O_NONBLOCK: a FIFO at the path must not hang start-up (it is then refused as not regular)
    Fd in{::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (in.fd >= 0) return load(file, in.fd);
    if (errno != ENOENT) return io_error(file, "cannot open");
    OG_TRY(create(file));  // created by us or by a concurrent process: either way, load it now
  }
  return internal_error("keys.io", "key file " + file.string() + " could not be created or opened");
}

}  // namespace onegrid::auth
