// Event attachments (upload, list, download), duplicate suggestion and the CSV export of the
// event list. Visibility is the event's: whoever may see the event may see its files.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>
#include <cstdio>

#include "api/api.hpp"
#include "api/event_filter.hpp"
#include "api/json_io.hpp"
#include "base/clock.hpp"
#include "events/attachments.hpp"
#include "events/duplicates.hpp"
#include "events/event_csv.hpp"
#include "events/event_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::api {
namespace {

using auth::Permission;

events::Viewer viewer_of(const Call& c) {
  return events::Viewer{c.scope(Permission::event_read), c.who->user_id};
}

events::BlobStore blobs(const Call& c) {
  return events::BlobStore(c.svc.event_files.data_dir / "attachments");
}

// RFC 8187 value for filename*: UTF-8, percent-encoded except attr-chars.
std::string rfc8187(std::string_view s) {
  std::string out = "UTF-8''";
  for (unsigned char ch : s) {
    const bool attr =
        (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(ch)) != std::string_view::npos;
    if (attr) {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

// An ASCII stand-in for clients that ignore filename*.
std::string ascii_fallback(std::string_view s) {
  std::string out;
  for (unsigned char ch : s)
    out += (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\' && ch != '%') ? static_cast<char>(ch)
                                                                             : '_';
  return out;
}

Result<http::Response> upload(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  const std::string& bytes = c.req.body;
  if (bytes.size() > c.svc.event_files.max_attachment_bytes)
    return make_error(ErrorKind::too_large, "attachment.too_large",
                      "an attachment is at most " +
                          std::to_string(c.svc.event_files.max_attachment_bytes >> 20) + " MiB");
  if (bytes.empty())
    return invalid_input("attachment.empty", "send the file's bytes as the request body");
  // The client's Content-Type is not trusted: the bytes say what they are.
  auto mime = events::sniff_mime(bytes);
  if (!mime)
    return make_error(ErrorKind::unsupported_media, "attachment.unsupported_type",
                      "only JPEG, PNG, WebP and PDF files are accepted");
  OG_ASSIGN(auto name, events::clean_file_name(c.req.query_param("name").value_or("")));
  const auto viewer = viewer_of(c);
  // Nothing reaches the disk for an event the caller cannot see.
  OG_TRY(store::read_result(c.svc.store,
                            [&](store::Tx& tx) { return events::get_event(tx, viewer, id); }));
  OG_ASSIGN(auto sha, blobs(c).put(bytes));
  events::NewAttachment in{name, sha, std::string(*mime), static_cast<std::int64_t>(bytes.size())};
  OG_ASSIGN(auto a, store::write_result(c.svc.store, [&](store::Tx& tx) {
              return events::add_attachment(tx, c.actor(Permission::event_read), viewer, id, in);
            }));
  const auto body = events::to_json(a);
  auto res = json_response(201, body);
  res.set_header("Location", std::string(body.at("url").as_string()));
  return res;
}

Result<http::Response> list(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::list_attachments(tx, viewer_of(c), id);
            }));
  boost::json::array items;
  for (const auto& a : found) items.push_back(events::to_json(a));
  return json_response(200, boost::json::object{{"items", std::move(items)}});
}

Result<http::Response> download(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  OG_ASSIGN(auto aid, c.id_param("aid"));
  OG_ASSIGN(auto a, store::read_result(c.svc.store, [&](store::Tx& tx) {
              return events::get_attachment(tx, viewer_of(c), id, aid);
            }));
  const std::string etag = "\"" + a.sha256 + "\"";
  http::Response res;
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "private, no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  if (c.req.header("if-none-match") == etag) {
    res.status = 304;
    return res;
  }
  OG_ASSIGN(res.body, blobs(c).get(a.sha256));
  res.status = 200;
  res.set_header("Content-Type", a.mime);
  res.set_header("Content-Disposition", "inline; filename=\"" + ascii_fallback(a.name) +
                                            "\"; filename*=" + rfc8187(a.name));
  return res;
}

// Whole numbers as JSON integers (Boost.JSON would print 200.0 as 2E2).
boost::json::value number(double v) {
  if (std::floor(v) == v && std::abs(v) < 1e15) return static_cast<std::int64_t>(v);
  return v;
}

Result<http::Response> duplicates(Call& c) {
  OG_ASSIGN(auto id, c.id_param("id"));
  const auto& o = c.svc.event_files;
  events::DuplicateOptions opt{o.dup_radius_m, o.dup_window_hours, 50};
  OG_ASSIGN(auto found, store::read_result(c.svc.store, [&](store::Tx& tx) {
              const auto viewer = viewer_of(c);
              auto e = events::get_event(tx, viewer, id);
              if (!e) return Result<std::vector<events::Duplicate>>(e.error());
              return events::find_duplicates(tx, viewer, *e, opt);
            }));
  boost::json::array items;
  for (const auto& d : found) {
    auto j = events::to_json(d.event).as_object();
    j["distance_m"] = std::llround(d.distance_m);
    j["hours_apart"] = number(std::round(d.hours_apart * 100) / 100);
    items.push_back(std::move(j));
  }
  return json_response(200, boost::json::object{{"items", std::move(items)},
                                                {"radius_m", number(o.dup_radius_m)},
                                                {"window_hours", number(o.dup_window_hours)}});
}

constexpr std::size_t kMaxExportRows = 100'000;
constexpr int kExportChunk = 2'000;

// The list's filters and order, every matching row up to 100,000, as one CSV file.
Result<http::Response> export_csv(Call& c) {
  OG_ASSIGN(auto f, read_event_filter(c.req));
  f.limit = kExportChunk;
  events::CsvWriter csv;
  csv.row(events::event_csv_header());
  bool truncated = false;
  const auto viewer = viewer_of(c);
  OG_TRY(c.svc.store.read([&](store::Tx& tx) -> Status {
    while (true) {
      OG_ASSIGN(auto chunk, events::list_events(tx, viewer, f));
      for (const auto& e : chunk) {
        if (csv.rows() - 1 == kMaxExportRows) {
          truncated = true;
          return ok_status();
        }
        csv.row(events::event_csv_row(e));
      }
      if (chunk.size() < static_cast<std::size_t>(kExportChunk)) return ok_status();
      f.cursor = chunk.back().id;
    }
  }));
  const auto rows = static_cast<std::int64_t>(csv.rows() - 1);
  // An export is a disclosure: audited with what was asked for (parameter names, not values,
  // which may be personal text) and how much left.
  boost::json::array params;
  for (const auto& [k, v] : c.req.query) params.push_back(boost::json::string(k));
  OG_TRY(c.svc.store.write([&](store::Tx& tx) -> Status {
    const auto actor = c.actor(Permission::event_read);
    return audit::append(tx, actor, "event.export", "event", "csv",
                         boost::json::object{{"after", boost::json::object{{"rows", rows},
                                                                           {"truncated", truncated},
                                                                           {"params", params}}}});
  }));
  http::Response res;
  res.status = 200;
  res.body = csv.take();
  res.set_header("Content-Type", "text/csv; charset=utf-8");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + events::event_csv_file_name(now_ms()) + "\"");
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Export-Rows", std::to_string(rows));
  if (truncated) res.set_header("X-Export-Truncated", "true");
  return res;
}

}  // namespace

void register_event_file_routes(Routes& r) {
  r.push_back({"POST", "/api/v1/events/{id}/attachments", Permission::self,
               "Upload a photo or file (JPEG, PNG, WebP, PDF; at most 10 MiB) to an event; the "
               "raw bytes are the body, ?name= the file name",
               upload});
  r.push_back({"GET", "/api/v1/events/{id}/attachments", Permission::self,
               "The attachments of an event, oldest first", list});
  r.push_back({"GET", "/api/v1/events/{id}/attachments/{aid}", Permission::self,
               "The bytes of one attachment (sniffed type, ETag = SHA-256)", download});
  r.push_back({"GET", "/api/v1/events/{id}/duplicates", Permission::self,
               "Open events of the same subclass near this one in place and time, nearest first",
               duplicates});
  r.push_back({"GET", "/api/v1/events.csv", Permission::self,
               "The event list's matches (same filters) as a CSV file for Excel, at most 100,000 "
               "rows",
               export_csv});
}

}  // namespace onegrid::api
