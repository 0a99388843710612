#pragma once
// 附件: photos and files of an event. The type is sniffed from the bytes (JPEG, PNG, WebP, PDF
// only, whatever the client claims); the bytes are stored once per content under
// <root>/ab/cd/<sha256> and the event_attachment row points at them. Only callers who may see
// the event (get_event with their Viewer) upload, list or read them.

#include <boost/json/value.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.hpp"
#include "auth/sodium.hpp"
#include "base/result.hpp"
#include "events/event_store.hpp"
#include "store/store.hpp"

namespace onegrid::events {

inline constexpr std::size_t kMaxAttachmentBytes = 10u << 20;  // 10 MiB

// The media type the bytes really are, or nullopt for anything but JPEG, PNG, WebP and PDF.
std::optional<std::string_view> sniff_mime(std::string_view bytes);
// Lower-case hex SHA-256 of the bytes (the content address).
using auth::sha256_hex;
// A file name fit to store and show: the last path component, control characters removed,
// trimmed, at most 200 code points; "attachment" when nothing is left. Invalid UTF-8 → error.
Result<std::string> clean_file_name(std::string_view raw);

// Content-addressed blobs on disk.
class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  // Where the blob of this hash lives: root/ab/cd/abcd….
  std::filesystem::path path_of(std::string_view sha256) const;
  // Stores the bytes (temp file, fsync, rename, fsync of the directory); the same bytes are
  // stored once. Returns the hash.
  Result<std::string> put(std::string_view bytes) const;
  // The bytes of a stored blob; attachment.missing_blob (internal) when the file is gone.
  Result<std::string> get(std::string_view sha256) const;

 private:
  std::filesystem::path root_;
};

struct Attachment {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::optional<std::int64_t> transition_id;  // nullopt until an action uses it
  std::string sha256;
  std::string mime;
  std::int64_t size = 0;
  std::string name;
  std::optional<std::int64_t> uploaded_by;
  std::int64_t at = 0;
};
boost::json::value to_json(const Attachment& a);

struct NewAttachment {
  std::string name;  // already cleaned
  std::string sha256;
  std::string mime;  // sniffed
  std::int64_t size = 0;
};

// Records an upload on an event the viewer may see (event.not_found otherwise) and audits it.
Result<Attachment> add_attachment(store::Tx& tx, const audit::Actor& actor, const Viewer& viewer,
                                  std::int64_t event_id, const NewAttachment& in);
Result<std::vector<Attachment>> list_attachments(store::Tx& tx, const Viewer& viewer,
                                                 std::int64_t event_id);
// One attachment of an event the viewer may see; attachment.not_found otherwise (also when the
// event is hidden, so that a caller cannot tell the two apart).
Result<Attachment> get_attachment(store::Tx& tx, const Viewer& viewer, std::int64_t event_id,
                                  std::int64_t attachment_id);

// Binds uploads to a transition: each must belong to the event and be unbound yet
// (event.bad_attachment otherwise). Used by act().
Status bind_attachments(store::Tx& tx, std::int64_t event_id, std::int64_t transition_id,
                        const std::vector<std::int64_t>& attachment_ids);

}  // namespace onegrid::events
