// Event attachments: type sniffing, content-addressed blobs on disk, the event_attachment rows.

#include "events/attachments.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "auth/sodium.hpp"
#include "base/clock.hpp"

namespace onegrid::events {
namespace {

namespace fs = std::filesystem;

bool starts_with_bytes(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Decodes one UTF-8 code point at s[i]; returns its length, 0 when malformed.
std::size_t utf8_next(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

Error io_error(const std::string& what, const fs::path& p) {
  return internal_error("attachment.io_error",
                        what + " " + p.string() + ": " + std::string(std::strerror(errno)));
}

Status fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return io_error("cannot open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot fsync directory", dir);
  return ok_status();
}

constexpr const char* kSelect =
    "SELECT a.id, a.event_id, a.transition_id, a.sha256, a.mime, a.size, a.name, a.uploaded_by, "
    "a.at FROM event_attachment a";

Attachment attachment_from(const store::Row& r) {
  return Attachment{r.i64(0), r.i64(1),  r.opt_i64(2), r.text(3), r.text(4),
                    r.i64(5), r.text(6), r.opt_i64(7), r.i64(8)};
}

}  // namespace

std::optional<std::string_view> sniff_mime(std::string_view b) {
  if (starts_with_bytes(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts_with_bytes(b, std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
  if (starts_with_bytes(b, "%PDF-")) return "application/pdf";
  return std::nullopt;
}

Result<std::string> clean_file_name(std::string_view raw) {
  if (const auto slash = raw.find_last_of("/\\"); slash != std::string_view::npos)
    raw.remove_prefix(slash + 1);
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const auto n = utf8_next(raw, i, cp);
    if (n == 0)
      return invalid_input("attachment.bad_name", "the file name is not valid UTF-8", "name");
    const bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
                         cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
                         (cp >= 0x2066 && cp <= 0x2069);  // incl. bidi overrides
    if (!control) {
      if (points == 200) break;
      out.append(raw.substr(i, n));
      ++points;
    }
    i += n;
  }
  const auto b = out.find_first_not_of(" .");
  const auto e = out.find_last_not_of(' ');
  out = b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
  if (out.empty()) out = "attachment";
  return out;
}

fs::path BlobStore::path_of(std::string_view sha) const {
  return root_ / std::string(sha.substr(0, 2)) / std::string(sha.substr(2, 2)) / std::string(sha);
}

Result<std::string> BlobStore::put(std::string_view bytes) const {
  const std::string sha = sha256_hex(bytes);
  const fs::path target = path_of(sha);
  const fs::path dir = target.parent_path();
  std::error_code ec;
  if (fs::file_size(target, ec) == bytes.size() && !ec) return sha;  // stored before
  fs::create_directories(dir, ec);
  if (ec)
    return internal_error("attachment.io_error",
                          "cannot create " + dir.string() + ": " + ec.message());
  std::string tmpl = (dir / ".upload-XXXXXX").string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return io_error("cannot create a temp file in", dir);
  const fs::path tmp = tmpl;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error err = io_error("cannot write", tmp);
      ::close(fd);
      fs::remove(tmp, ec);
      return err;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0640) != 0 || ::fsync(fd) != 0) {
    Error err = io_error("cannot fsync", tmp);
    ::close(fd);
    fs::remove(tmp, ec);
    return err;
  }
  ::close(fd);
  // Two uploads of the same bytes at once both rename the same content into place: harmless.
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    Error err = io_error("cannot rename into", target);
    fs::remove(tmp, ec);
    return err;
  }
  OG_TRY(fsync_dir(dir));
  return sha;
}

Result<std::string> BlobStore::get(std::string_view sha) const {
  const fs::path p = path_of(sha);
  std::ifstream in(p, std::ios::binary);
  if (!in)
    return internal_error("attachment.missing_blob",
                          "attachment file " + p.string() + " is missing");
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return io_error("cannot read", p);
  return std::move(out).str();
}

boost::json::value to_json(const Attachment& a) {
  boost::json::object o;
  o["id"] = a.id;
  o["event_id"] = a.event_id;
  o["transition_id"] =
      a.transition_id ? boost::json::value(*a.transition_id) : boost::json::value(nullptr);
  o["sha256"] = a.sha256;
  o["mime"] = a.mime;
  o["size"] = a.size;
  o["name"] = a.name;
  o["uploaded_by"] =
      a.uploaded_by ? boost::json::value(*a.uploaded_by) : boost::json::value(nullptr);
  o["at"] = format_utc(a.at);
  o["url"] =
      "/api/v1/events/" + std::to_string(a.event_id) + "/attachments/" + std::to_string(a.id);
  return o;
}

Result<Attachment> add_attachment(store::Tx& tx, const audit::Actor& actor, const Viewer& viewer,
                                  std::int64_t event_id, const NewAttachment& in) {
  OG_ASSIGN(auto e, get_event(tx, viewer, event_id));
  Attachment a;
  a.event_id = e.id;
  a.sha256 = in.sha256;
  a.mime = in.mime;
  a.size = in.size;
  a.name = in.name;
  if (viewer.user_id) a.uploaded_by = viewer.user_id;
  a.at = now_ms();
  OG_ASSIGN(a.id, tx.insert("INSERT INTO event_attachment (event_id, sha256, mime, size, name, "
                            "uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            {a.event_id, a.sha256, a.mime, a.size, a.name, a.uploaded_by, a.at}));
  OG_TRY(audit::append(tx, actor, "event.attachment_upload", "event_attachment",
                       std::to_string(a.id),
                       boost::json::object{{"after", boost::json::object{{"event_id", e.id},
                                                                         {"sha256", a.sha256},
                                                                         {"mime", a.mime},
                                                                         {"size", a.size}}}},
                       e.org_path));
  return a;
}

Result<std::vector<Attachment>> list_attachments(store::Tx& tx, const Viewer& viewer,
                                                 std::int64_t event_id) {
  OG_TRY(get_event(tx, viewer, event_id));
  OG_ASSIGN(auto rows,
            tx.query(std::string(kSelect) + " WHERE a.event_id = ? ORDER BY a.id", {event_id}));
  std::vector<Attachment> out;
  for (const auto& r : rows) out.push_back(attachment_from(r));
  return out;
}

Result<Attachment> get_attachment(store::Tx& tx, const Viewer& viewer, std::int64_t event_id,
                                  std::int64_t attachment_id) {
  auto missing = [&] {
    return not_found("attachment.not_found", "no attachment " + std::to_string(attachment_id) +
                                                 " on event " + std::to_string(event_id));
  };
  auto e = get_event(tx, viewer, event_id);
  if (!e) return e.error().kind == ErrorKind::not_found ? missing() : e.error();
  OG_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE a.id = ? AND a.event_id = ?",
                                   {attachment_id, event_id}));
  if (!row) return missing();
  return attachment_from(*row);
}

Status bind_attachments(store::Tx& tx, std::int64_t event_id, std::int64_t transition_id,
                        const std::vector<std::int64_t>& attachment_ids) {
  for (auto att : attachment_ids) {
    OG_ASSIGN(auto n, tx.exec("UPDATE event_attachment SET transition_id = ? WHERE id = ? AND "
                              "event_id = ? AND transition_id IS NULL",
                              {transition_id, att, event_id}));
    if (n != 1)
      return invalid_input(
          "event.bad_attachment",
          "attachment " + std::to_string(att) + " is not an unused upload on this event",
          "attachment_ids");
  }
  return ok_status();
}

}  // namespace onegrid::events
