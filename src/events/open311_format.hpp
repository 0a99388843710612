#pragma once
// Open311 GeoReport v2 wire formats: a small escaping XML writer (no XML library is installed and
// the documents are flat: elements, text, no attributes), the JSON → XML mapping the spec's XML
// documents follow, the spec's error documents, and application/x-www-form-urlencoded bodies.
// Pure: no store, no HTTP.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onegrid::events::open311 {

enum class Format { json, xml };
// "json" | "xml" → Format; anything else nullopt (the caller answers 404).
std::optional<Format> parse_format(std::string_view ext);
// Splits "123.json" into ("123", Format::json); nullopt when the extension is missing or unknown.
std::optional<std::pair<std::string, Format>> split_format(std::string_view name);
std::string_view content_type(Format f);

bool valid_utf8(std::string_view s);

// Text escaped for XML 1.0 character data and attribute values: & < > " ' become entities;
// characters XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) and malformed
// UTF-8 become U+FFFD, so the document always parses.
std::string xml_escape(std::string_view text);

// Writes an XML document element by element, escaping every text it is given.
class XmlWriter {
 public:
  XmlWriter();  // starts with <?xml version="1.0" encoding="UTF-8"?>
  void open(std::string_view name);
  void close();  // closes the innermost open element
  void element(std::string_view name, std::string_view text);
  void empty(std::string_view name);
  // Closes every open element and returns the document.
  std::string finish();

 private:
  std::string out_;
  std::vector<std::string> open_;
};

// A JSON value as XML under <root>: object members become child elements in order, arrays
// become repeated <item_name> children (nested arrays are named by singular_of), strings are
// escaped text, numbers and booleans their JSON text (doubles without exponent), null an empty
// element.
std::string to_xml(std::string_view root, std::string_view item_name, const boost::json::value& v);
// The element name of one entry of an array named `plural` ("endpoints" → "endpoint",
// "formats" → "format", "attributes" → "attribute", "values" → "value"; else "item").
std::string_view singular_of(std::string_view plural);

// The spec's error document for one error: JSON [{"code":400,"description":"…"}] or XML
// <errors><error><code>400</code><description>…</description></error></errors>.
std::string error_document(Format f, int code, std::string_view description);

// application/x-www-form-urlencoded: name=value pairs split on '&', '+' is a space, %XX escapes
// decoded. nullopt on a malformed escape or a name or value that is not valid UTF-8.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body);

}  // namespace onegrid::events::open311
