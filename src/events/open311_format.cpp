#include "events/open311_format.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdint>

namespace onegrid::events::open311 {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when malformed.
std::size_t utf8_next(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t extra = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    extra = 1, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    extra = 2, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    extra = 3, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + extra >= s.size()) return 0;
  for (std::size_t k = 1; k <= extra; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return 1 + extra;
}

// XML 1.0 Char production.
bool xml_char(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> form_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      const int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += in[i];
    }
  }
  if (!valid_utf8(out)) return std::nullopt;
  return out;
}

std::string number_text(const boost::json::value& v) {
  if (!v.is_double()) return boost::json::serialize(v);
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.as_double(), std::chars_format::fixed);
  if (ec != std::errc()) return boost::json::serialize(v);
  return std::string(buf, end);
}

void write_value(XmlWriter& w, std::string_view name, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      w.empty(name);
      break;
    case boost::json::kind::string:
      w.element(name, std::string_view(v.as_string()));
      break;
    case boost::json::kind::bool_:
      w.element(name, v.as_bool() ? "true" : "false");
      break;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      w.element(name, number_text(v));
      break;
    case boost::json::kind::object:
      w.open(name);
      for (const auto& kv : v.as_object()) write_value(w, kv.key(), kv.value());
      w.close();
      break;
    case boost::json::kind::array:
      w.open(name);
      for (const auto& item : v.as_array()) write_value(w, singular_of(name), item);
      w.close();
      break;
  }
}

}  // namespace

bool valid_utf8(std::string_view s) {
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_next(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<Format> parse_format(std::string_view ext) {
  if (ext == "json") return Format::json;
  if (ext == "xml") return Format::xml;
  return std::nullopt;
}

std::optional<std::pair<std::string, Format>> split_format(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  auto f = parse_format(name.substr(dot + 1));
  if (!f) return std::nullopt;
  return std::make_pair(std::string(name.substr(0, dot)), *f);
}

std::string_view content_type(Format f) {
  return f == Format::json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = utf8_next(text, i, cp);
    if (n == 0) {  // malformed byte: replace it and resynchronise on the next one
      out += kReplacement;
      ++i;
      continue;
    }
    if (!xml_char(cp)) {
      out += kReplacement;
    } else {
      switch (cp) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        case '\r':
          out += "&#13;";
          break;  // a raw CR would be normalised away by parsers
        default:
          out.append(text.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

XmlWriter::XmlWriter() : out_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") {}

void XmlWriter::open(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += '>';
  open_.emplace_back(name);
}

void XmlWriter::close() {
  if (open_.empty()) return;
  out_ += "</";
  out_ += open_.back();
  out_ += '>';
  open_.pop_back();
}

void XmlWriter::element(std::string_view name, std::string_view text) {
  out_ += '<';
  out_ += name;
  out_ += '>';
  out_ += xml_escape(text);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::empty(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += "/>";
}

std::string XmlWriter::finish() {
  while (!open_.empty()) close();
  out_ += '\n';
  return std::move(out_);
}

std::string_view singular_of(std::string_view plural) {
  if (plural == "endpoints") return "endpoint";
  if (plural == "formats") return "format";
  if (plural == "attributes") return "attribute";
  if (plural == "values") return "value";
  if (plural == "keywords") return "keyword";
  return "item";
}

std::string to_xml(std::string_view root, std::string_view item_name, const boost::json::value& v) {
  XmlWriter w;
  if (v.is_array()) {
    w.open(root);
    for (const auto& item : v.as_array()) write_value(w, item_name, item);
    w.close();
  } else if (v.is_object()) {
    w.open(root);
    for (const auto& kv : v.as_object()) write_value(w, kv.key(), kv.value());
    w.close();
  } else {
    write_value(w, root, v);
  }
  return w.finish();
}

std::string error_document(Format f, int code, std::string_view description) {
  if (f == Format::json)
    return boost::json::serialize(
        boost::json::array{boost::json::object{{"code", code}, {"description", description}}});
  XmlWriter w;
  w.open("errors");
  w.open("error");
  w.element("code", std::to_string(code));
  w.element("description", description);
  return w.finish();
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i <= body.size()) {
    std::size_t amp = body.find('&', i);
    if (amp == std::string_view::npos) amp = body.size();
    const std::string_view pair = body.substr(i, amp - i);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      auto name = form_decode(pair.substr(0, eq));
      auto value =
          form_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
      if (!name || !value) return std::nullopt;
      out.emplace_back(std::move(*name), std::move(*value));
    }
    i = amp + 1;
  }
  return out;
}

}  // namespace onegrid::events::open311
