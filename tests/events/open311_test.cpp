// Open311 GeoReport v2 mapping and formats: status mapping, W3C datetimes, the XML writer's
// escaping, JSON → XML, the spec's error documents, form bodies and POST field validation.

#include "events/open311.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "events/open311_format.hpp"

namespace onegrid::events::open311 {
namespace {

// 2026-12-01T00:00:00Z
constexpr std::int64_t kDec1 = 1'796'083'200'000;

TEST(Open311Status, ClosedRejectedAndMergedAreClosed) {
  for (State s : all_states()) {
    const bool closed = s == State::closed || s == State::rejected || s == State::merged;
    EXPECT_EQ(is_closed(s), closed) << state_code(s);
    EXPECT_EQ(status_of(s), closed ? "closed" : "open") << state_code(s);
  }
}

TEST(Open311Status, NotesAreTheChineseStateAndTheLatestNote) {
  EXPECT_EQ(status_notes(State::handling, "已派人清理"), "处置中：已派人清理");
  EXPECT_EQ(status_notes(State::reported, ""), std::string(state_name_zh(State::reported)));
}

TEST(Open311Datetime, FormatsInShanghaiTime) {
  EXPECT_EQ(w3_datetime(kDec1), "2026-12-01T08:00:00+08:00");
  EXPECT_EQ(w3_datetime(kDec1 + 16 * 3600 * 1000 + 999), "2026-12-02T00:00:00+08:00");
}

TEST(Open311Datetime, ParsesTheW3Forms) {
  std::int64_t ms = 0;
  ASSERT_TRUE(parse_w3_datetime("2026-12-01T08:00:00+08:00", ms));
  EXPECT_EQ(ms, kDec1);
  ASSERT_TRUE(parse_w3_datetime("2026-12-01T00:00:00Z", ms));
  EXPECT_EQ(ms, kDec1);
  ASSERT_TRUE(parse_w3_datetime("2026-11-30T19:00:00-05:00", ms));
  EXPECT_EQ(ms, kDec1);
  ASSERT_TRUE(parse_w3_datetime("2026-12-01T08:00+08:00", ms));  // no seconds
  EXPECT_EQ(ms, kDec1);
  ASSERT_TRUE(parse_w3_datetime("2026-12-01T00:00:00.250Z", ms));
  EXPECT_EQ(ms, kDec1 + 250);
  ASSERT_TRUE(parse_w3_datetime("2026-12-01", ms));  // Beijing midnight
  EXPECT_EQ(ms, kDec1 - 8 * 3600 * 1000);
  // An unescaped '+' in a query string arrives as a space.
  ASSERT_TRUE(parse_w3_datetime("2026-12-01T08:00:00 08:00", ms));
  EXPECT_EQ(ms, kDec1);
  // Round trip.
  ASSERT_TRUE(parse_w3_datetime(w3_datetime(kDec1 + 12345000), ms));
  EXPECT_EQ(ms, kDec1 + 12345000);
}

TEST(Open311Datetime, RejectsMalformedInput) {
  std::int64_t ms = 0;
  for (const char* bad :
       {"", "yesterday", "2026-13-01", "2026-02-30", "2026-12-01T08:00:00",  // no zone
        "2026-12-01 08:00:00Z", "2026-12-01T25:00:00Z", "2026-12-01T08:00:00+8", "12/01/2026",
        "2026-12-01T08:00:00Zjunk"})
    EXPECT_FALSE(parse_w3_datetime(bad, ms)) << bad;
}

TEST(Open311Xml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_escape("&amp;"), "&amp;amp;");
  EXPECT_EQ(xml_escape("路灯不亮"), "路灯不亮");
  EXPECT_EQ(xml_escape("tab\tline\nend"), "tab\tline\nend");
  EXPECT_EQ(xml_escape("cr\r"), "cr&#13;");
}

TEST(Open311Xml, ReplacesCharactersXmlForbids) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(xml_escape(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(xml_escape("\x01\x08\x0B\x0C\x1F"), fffd + fffd + fffd + fffd + fffd);
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), fffd);  // U+FFFE
  EXPECT_EQ(xml_escape("\xEF\xBF\xBF"), fffd);  // U+FFFF
  EXPECT_EQ(xml_escape("bad\xFFutf8"), "bad" + fffd + "utf8");
  EXPECT_EQ(xml_escape("\xE8\xB7"), fffd + fffd);                 // truncated sequence
  EXPECT_EQ(xml_escape("\xC0\xAF"), fffd + fffd);                 // overlong '/'
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), fffd + fffd + fffd);      // a surrogate
  EXPECT_EQ(xml_escape("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // astral plane is fine
}

TEST(Open311Xml, WriterNestsAndEscapes) {
  XmlWriter w;
  w.open("service_requests");
  w.open("request");
  w.element("description", "<script>&</script>");
  w.empty("media_url");
  const std::string doc = w.finish();  // closes both
  EXPECT_EQ(doc,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<service_requests><request><description>"
            "&lt;script&gt;&amp;&lt;/script&gt;</description><media_url/></request>"
            "</service_requests>\n");
}

TEST(Open311Xml, JsonBecomesTheSpecsElements) {
  auto v = boost::json::parse(
      R"([{"service_code":"0101","metadata":false,"lat":39.99123,"n":7,"x":null,)"
      R"("formats":["text/xml","application/json"]}])");
  const std::string doc = to_xml("services", "service", v);
  EXPECT_NE(doc.find("<services><service><service_code>0101</service_code><metadata>false"
                     "</metadata><lat>39.99123</lat><n>7</n><x/><formats><format>text/xml</format>"
                     "<format>application/json</format></formats></service></services>"),
            std::string::npos)
      << doc;
  const std::string one = to_xml("service_definition", "",
                                 boost::json::parse(R"({"service_code":"a&b","attributes":[]})"));
  EXPECT_NE(one.find("<service_definition><service_code>a&amp;b</service_code><attributes>"
                     "</attributes></service_definition>"),
            std::string::npos)
      << one;
}

TEST(Open311Errors, SpecErrorDocuments) {
  auto json = boost::json::parse(error_document(Format::json, 403, "api_key is invalid"));
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.as_array().size(), 1u);
  EXPECT_EQ(json.as_array()[0].at("code").as_int64(), 403);
  EXPECT_EQ(json.as_array()[0].at("description").as_string(), "api_key is invalid");
  EXPECT_EQ(error_document(Format::xml, 404, "token <x> was not found"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>404</code>"
            "<description>token &lt;x&gt; was not found</description></error></errors>\n");
}

TEST(Open311Formats, SplitsTheExtension) {
  auto a = split_format("123.json");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->first, "123");
  EXPECT_EQ(a->second, Format::json);
  auto b = split_format("a.b.xml");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->first, "a.b");
  EXPECT_EQ(b->second, Format::xml);
  EXPECT_FALSE(split_format("123"));
  EXPECT_FALSE(split_format("123.csv"));
  EXPECT_FALSE(split_format(".json"));
  EXPECT_FALSE(split_format("123.JSON"));
}

TEST(Open311Form, DecodesPairs) {
  auto f = parse_form(
      "api_key=k%2B1&service_code=0101&description=%E8%B7%AF%E7%81%AF+%E4%B8%8D%E4%BA%AE"
      "&empty=&flag&attribute%5Bsize%5D=big&&");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 6u);
  EXPECT_EQ((*f)[0], std::make_pair(std::string("api_key"), std::string("k+1")));
  EXPECT_EQ((*f)[2].second, "路灯 不亮");
  EXPECT_EQ((*f)[3], std::make_pair(std::string("empty"), std::string()));
  EXPECT_EQ((*f)[4], std::make_pair(std::string("flag"), std::string()));
  EXPECT_EQ((*f)[5].first, "attribute[size]");
  EXPECT_TRUE(parse_form("")->empty());
}

TEST(Open311Form, RejectsMalformedEscapesAndBadUtf8) {
  EXPECT_FALSE(parse_form("a=%"));
  EXPECT_FALSE(parse_form("a=%4"));
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_FALSE(parse_form("a=%FF"));
  EXPECT_FALSE(parse_form("%C0%AF=x"));
}

Fields good() {
  return {{"api_key", "k"}, {"service_code", "0101"}, {"lat", "39.99"}, {"long", "116.48"}};
}

Fields with(Fields f, const std::string& k, const std::string& v) {
  for (auto& [name, value] : f)
    if (name == k) {
      value = v;
      return f;
    }
  f.emplace_back(k, v);
  return f;
}

Fields without(Fields f, const std::string& k) {
  std::erase_if(f, [&](const auto& p) { return p.first == k; });
  return f;
}

TEST(Open311Post, ReadsAValidRequest) {
  auto f = with(with(good(), "description", "  路灯不亮  "), "attribute[size]", "big");
  f = with(f, "first_name", "小明");
  auto in = read_post(f);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_EQ(in->service_code, "0101");
  EXPECT_DOUBLE_EQ(*in->lat, 39.99);
  EXPECT_DOUBLE_EQ(*in->lon, 116.48);
  EXPECT_EQ(in->description, "路灯不亮");
  ASSERT_EQ(in->attributes.size(), 1u);
  EXPECT_EQ(in->attributes[0], std::make_pair(std::string("size"), std::string("big")));
  EXPECT_EQ(reporter_name(*in, "客户端"), "小明");
  // An address alone is a location too.
  auto addr =
      read_post(with(without(without(good(), "lat"), "long"), "address_string", "望京西园社区"));
  ASSERT_TRUE(addr) << addr.error().message;
  EXPECT_FALSE(addr->lat);
  EXPECT_EQ(addr->address, "望京西园社区");
  EXPECT_EQ(reporter_name(*addr, "客户端"), "客户端");
}

TEST(Open311Post, FieldErrorsHaveStableCodes) {
  auto code = [](const Fields& f) {
    auto r = read_post(f);
    return r ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(code(without(good(), "service_code")), "open311.service_code_required");
  EXPECT_EQ(code(with(good(), "service_code", "  ")), "open311.service_code_required");
  EXPECT_EQ(code(without(without(good(), "lat"), "long")), "open311.location_required");
  EXPECT_EQ(code(with(with(good(), "lat", ""), "long", "")), "open311.location_required");
  EXPECT_EQ(code(with(good(), "lat", "abc")), "open311.invalid_lat");
  EXPECT_EQ(code(with(good(), "lat", "39.9x")), "open311.invalid_lat");
  EXPECT_EQ(code(with(good(), "lat", "91")), "open311.invalid_lat");
  EXPECT_EQ(code(with(good(), "lat", "nan")), "open311.invalid_lat");
  EXPECT_EQ(code(with(good(), "long", "-181")), "open311.invalid_long");
  EXPECT_EQ(code(without(good(), "long")), "open311.invalid_long");
  EXPECT_EQ(code(with(good(), "lat", "51.5")), "ok");
  EXPECT_EQ(code(with(with(good(), "lat", "51.5"), "long", "-0.12")), "open311.outside_area");
  EXPECT_EQ(code(with(good(), "description", std::string(4001, 'x'))), "open311.too_long");
  EXPECT_EQ(code(with(good(), "description", "bad\xFF")), "open311.invalid_text");
  // api_key is the caller's to check: missing is not a field error.
  EXPECT_EQ(code(without(good(), "api_key")), "ok");
}

TEST(Open311Post, JsonBodiesBecomeFields) {
  auto f = fields_from_json(boost::json::parse(
      R"({"api_key":"k","service_code":"0101","lat":39.99,"long":"116.48",)"
      R"("attribute":{"size":"big","n":2},"media_url":"http://x/y.jpg","x":null})"));
  ASSERT_TRUE(f) << f.error().message;
  auto in = read_post(*f);
  ASSERT_TRUE(in) << in.error().message;
  EXPECT_NEAR(*in->lat, 39.99, 1e-12);
  EXPECT_EQ(in->attributes.size(), 2u);
  EXPECT_FALSE(fields_from_json(boost::json::parse("[1]")));
  EXPECT_FALSE(fields_from_json(boost::json::parse(R"({"lat":[1,2]})")));
}

TEST(Open311Mapping, RequestJsonCarriesTheSpecFields) {
  Event e;
  e.id = 42;
  e.state = State::handling;
  e.subclass_name = "道路破损";
  e.description = "坑";
  e.address = "望京西园";
  e.lat = 39.99;
  e.lon = 116.48;
  e.reported_at = kDec1;
  e.updated_at = kDec1 + 60'000;
  e.stage_due_at = kDec1 + 3'600'000;
  e.was_whistled = true;
  e.lead_dept_name = "区城市管理委员会";
  auto v = request_json(e, "0101", "已派人");
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("service_request_id"), "42");
  EXPECT_EQ(o.at("status"), "open");
  EXPECT_EQ(o.at("status_notes"), "处置中：已派人");
  EXPECT_EQ(o.at("service_code"), "0101");
  EXPECT_EQ(o.at("agency_responsible"), "区城市管理委员会");
  EXPECT_EQ(o.at("requested_datetime"), "2026-12-01T08:00:00+08:00");
  EXPECT_EQ(o.at("updated_datetime"), "2026-12-01T08:01:00+08:00");
  EXPECT_EQ(o.at("expected_datetime"), "2026-12-01T09:00:00+08:00");
  EXPECT_DOUBLE_EQ(o.at("lat").as_double(), 39.99);
  EXPECT_DOUBLE_EQ(o.at("long").as_double(), 116.48);
  e.state = State::closed;
  e.was_whistled = false;
  e.lat.reset();
  e.lon.reset();
  auto closed = request_json(e, "0101", "").as_object();
  EXPECT_EQ(closed.at("status"), "closed");
  EXPECT_EQ(closed.at("agency_responsible"), "");
  EXPECT_TRUE(closed.at("expected_datetime").is_null());
  EXPECT_TRUE(closed.at("lat").is_null());
}

TEST(Open311Mapping, TitlesCutLongAddresses) {
  EXPECT_EQ(event_title("", "道路破损"), "道路破损");
  EXPECT_EQ(event_title("望京西园", "道路破损"), "望京西园 道路破损");
  std::string longer;
  for (int i = 0; i < 50; ++i) longer += "路";
  EXPECT_EQ(event_title(longer, "x"), longer.substr(0, 40 * 3) + " x");
}

}  // namespace
}  // namespace onegrid::events::open311
