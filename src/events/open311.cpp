#include "events/open311.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

#include "base/clock.hpp"
#include "events/open311_format.hpp"

namespace onegrid::events::open311 {
namespace {

constexpr std::int64_t kShanghaiOffsetMs = 8LL * 3600 * 1000;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first `n` code points of valid UTF-8 `s`.
std::string first_code_points(std::string_view s, std::size_t n) {
  std::size_t i = 0, seen = 0;
  while (i < s.size()) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == n) break;
      ++seen;
    }
    ++i;
  }
  return std::string(s.substr(0, i));
}

std::string trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

const std::string* field(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields)
    if (k == name) return &v;
  return nullptr;
}

Result<std::string> text_field(const Fields& fields, std::string_view name, std::size_t max_len) {
  const std::string* v = field(fields, name);
  if (!v) return std::string();
  std::string t = trim(*v);
  if (!valid_utf8(t))
    return invalid_input("open311.invalid_text", std::string(name) + " is not valid UTF-8",
                         std::string(name));
  if (code_points(t) > max_len)
    return invalid_input(
        "open311.too_long",
        std::string(name) + " is longer than " + std::to_string(max_len) + " characters",
        std::string(name));
  return t;
}

Result<std::optional<double>> coordinate(const Fields& fields, std::string_view name, double min,
                                         double max) {
  const std::string* v = field(fields, name);
  if (!v) return std::optional<double>{};
  const std::string t = trim(*v);
  if (t.empty()) return std::optional<double>{};
  double d = 0;
  const char* end = t.data() + t.size();
  auto [p, ec] = std::from_chars(t.data(), end, d);
  if (ec != std::errc() || p != end || !std::isfinite(d) || d < min || d > max)
    return invalid_input("open311.invalid_" + std::string(name),
                         std::string(name) + " must be a decimal number from " +
                             std::to_string(static_cast<int>(min)) + " to " +
                             std::to_string(static_cast<int>(max)),
                         std::string(name));
  return std::optional<double>(d);
}

boost::json::value opt_time(const std::optional<std::int64_t>& ms) {
  return ms ? boost::json::value(w3_datetime(*ms)) : boost::json::value(nullptr);
}

}  // namespace

std::string w3_datetime(std::int64_t ms) {
  // format_utc of the shifted instant gives the civil time in Shanghai; keep whole seconds.
  return format_utc(ms + kShanghaiOffsetMs).substr(0, 19) + "+08:00";
}

bool parse_w3_datetime(std::string_view text, std::int64_t& ms) {
  std::string t = trim(text);
  // A '+' in an unescaped query string arrives as a space: "…T08:00:00 08:00".
  if (t.size() >= 6 && t[t.size() - 6] == ' ' && t[t.size() - 3] == ':') t[t.size() - 6] = '+';
  if (t.size() > 10 && t[10] != 'T') return false;  // the W3C note wants the T
  // hh:mm without seconds.
  if (t.size() > 16 && (t[16] == 'Z' || t[16] == '+' || t[16] == '-') && t[13] == ':')
    t.insert(16, ":00");
  return parse_instant(t, ms);
}

bool is_closed(State s) {
  return s == State::closed || s == State::rejected || s == State::merged;
}

std::string_view status_of(State s) {
  return is_closed(s) ? "closed" : "open";
}

std::string status_notes(State s, std::string_view latest_note) {
  std::string out(state_name_zh(s));
  if (!latest_note.empty()) out += "：" + std::string(latest_note);
  return out;
}

boost::json::value service_json(const EventSubclass& sub, const EventClass& cls) {
  std::string keywords = sub.name + "," + cls.name;
  if (!sub.name_en.empty()) keywords += "," + sub.name_en;
  return boost::json::object{
      {"service_code", sub.code},
      {"service_name", sub.name},
      {"description", cls.name + " · " + sub.name +
                          (sub.name_en.empty() ? std::string() : " (" + sub.name_en + ")")},
      {"metadata", false},
      {"type", "realtime"},
      {"keywords", keywords},
      {"group", cls.name}};
}

boost::json::value service_definition_json(std::string_view service_code) {
  return boost::json::object{{"service_code", service_code}, {"attributes", boost::json::array{}}};
}

boost::json::value request_json(const Event& e, std::string_view service_code,
                                std::string_view latest_note) {
  const bool open = !is_closed(e.state);
  boost::json::object o;
  o["service_request_id"] = std::to_string(e.id);
  o["status"] = status_of(e.state);
  o["status_notes"] = status_notes(e.state, latest_note);
  o["service_name"] = e.subclass_name;
  o["service_code"] = service_code;
  o["description"] = e.description;
  o["agency_responsible"] = e.was_whistled ? e.lead_dept_name : std::string();
  o["service_notice"] = "";
  o["requested_datetime"] = w3_datetime(e.reported_at);
  o["updated_datetime"] = w3_datetime(e.updated_at);
  o["expected_datetime"] = open ? opt_time(e.stage_due_at) : boost::json::value(nullptr);
  o["address"] = e.address;
  o["address_id"] = nullptr;
  o["zipcode"] = nullptr;
  o["lat"] = e.lat ? boost::json::value(*e.lat) : boost::json::value(nullptr);
  o["long"] = e.lon ? boost::json::value(*e.lon) : boost::json::value(nullptr);
  o["media_url"] = nullptr;
  return o;
}

boost::json::value discovery_json(std::string_view base_url) {
  const std::string changeset = "2026-12-01T00:00:00+08:00";
  return boost::json::object{
      {"changeset", changeset},
      {"contact", "OneGrid 一网统管 district command centre (区级指挥中心)"},
      {"key_service",
       "API keys are issued by the platform's system administrator "
       "(POST /api/v1/open311/clients)"},
      {"endpoints", boost::json::array{boost::json::object{
                        {"specification", "http://wiki.open311.org/GeoReport_v2"},
                        {"url", base_url},
                        {"changeset", changeset},
                        {"type", "production"},
                        {"formats", boost::json::array{"application/json", "text/xml"}}}}}};
}

Result<PostInput> read_post(const Fields& fields) {
  PostInput in;
  OG_ASSIGN(in.api_key, text_field(fields, "api_key", 200));
  OG_ASSIGN(in.service_code, text_field(fields, "service_code", 40));
  if (in.service_code.empty())
    return invalid_input("open311.service_code_required", "service_code was not provided",
                         "service_code");
  OG_ASSIGN(in.lat, coordinate(fields, "lat", -90, 90));
  OG_ASSIGN(in.lon, coordinate(fields, "long", -180, 180));
  if (in.lat.has_value() != in.lon.has_value())
    return invalid_input(in.lat ? "open311.invalid_long" : "open311.invalid_lat",
                         "lat and long go together", in.lat ? "long" : "lat");
  if (in.lat && !(*in.lon >= 73 && *in.lon <= 136 && *in.lat >= 3 && *in.lat <= 54))
    return invalid_input("open311.outside_area", "lat/long is outside the area this server serves",
                         "lat");
  OG_ASSIGN(in.address, text_field(fields, "address_string", 200));
  if (!in.lat && in.address.empty())
    return invalid_input("open311.location_required",
                         "a location is required: lat and long, or address_string", "lat");
  OG_ASSIGN(in.description, text_field(fields, "description", 4000));
  OG_ASSIGN(in.first_name, text_field(fields, "first_name", 40));
  OG_ASSIGN(in.last_name, text_field(fields, "last_name", 40));
  OG_ASSIGN(in.email, text_field(fields, "email", 200));
  OG_ASSIGN(in.phone, text_field(fields, "phone", 40));
  for (const auto& [k, v] : fields) {
    if (k.size() > 11 && k.rfind("attribute[", 0) == 0 && k.back() == ']') {
      const std::string code = k.substr(10, k.size() - 11);
      if (!valid_utf8(v) || !valid_utf8(code))
        return invalid_input("open311.invalid_text", k + " is not valid UTF-8", k);
      in.attributes.emplace_back(code, v);
    }
  }
  return in;
}

Result<Fields> fields_from_json(const boost::json::value& body) {
  if (!body.is_object())
    return invalid_input("open311.invalid_body", "the request body must be a JSON object");
  Fields out;
  auto scalar = [](const boost::json::value& v, std::string& text) {
    if (v.is_string()) {
      text = std::string(v.as_string());
    } else if (v.is_number() || v.is_bool()) {
      text = boost::json::serialize(v);
    } else if (v.is_null()) {
      text.clear();
    } else {
      return false;
    }
    return true;
  };
  for (const auto& kv : body.as_object()) {
    const std::string key(kv.key());
    std::string text;
    if (key == "attribute" && kv.value().is_object()) {
      for (const auto& a : kv.value().as_object()) {
        if (!scalar(a.value(), text))
          return invalid_input("open311.invalid_body", "attribute values must be scalars",
                               "attribute");
        out.emplace_back("attribute[" + std::string(a.key()) + "]", text);
      }
      continue;
    }
    if (key == "media_url" || key == "attribute") continue;  // accepted, not used
    if (!scalar(kv.value(), text))
      return invalid_input("open311.invalid_body", key + " must be a string or a number", key);
    out.emplace_back(key, std::move(text));
  }
  return out;
}

std::string event_title(std::string_view address, std::string_view service_name) {
  if (address.empty()) return std::string(service_name);
  std::string a = first_code_points(address, 40);
  return a + " " + std::string(service_name);
}

std::string reporter_name(const PostInput& in, std::string_view client_name) {
  std::string name = trim(in.first_name + " " + in.last_name);
  if (!name.empty()) return name;
  return std::string(client_name);
}

std::string service_notice(const Event& e) {
  std::string out = "已收到，回执编号 " + receipt_code(e);
  if (e.stage_due_at) out += "，社区将于 " + w3_datetime(*e.stage_due_at) + " 前受理";
  return out;
}

}  // namespace onegrid::events::open311
