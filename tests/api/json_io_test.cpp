// Strict request bodies: media type, JSON shape, types, lengths, unknown fields, UTF-8.

#include "api/json_io.hpp"

#include <gtest/gtest.h>

namespace onegrid::api {
namespace {

http::Request body(std::string text, std::string type = "application/json") {
  http::Request r;
  r.headers.emplace_back("content-type", std::move(type));
  r.body = std::move(text);
  return r;
}

TEST(BodyReader, ReadsTypedFieldsAndTrims) {
  auto b =
      BodyReader::parse(body(R"({"name":"  花家地  ","n":7,"big":12.0,"flag":true,"none":null})"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b->text("name"), "花家地");
  EXPECT_EQ(*b->integer("n"), 7);
  EXPECT_EQ(**b->opt_integer("big"), 12);
  EXPECT_EQ(**b->opt_boolean("flag"), true);
  EXPECT_FALSE(b->opt_text("none")->has_value());
  EXPECT_FALSE(b->opt_text("absent")->has_value());
  EXPECT_TRUE(b->finish().ok());
}

TEST(BodyReader, MediaTypeAndShape) {
  EXPECT_EQ(BodyReader::parse(body("{}", "text/plain")).error().code,
            "http.unsupported_media_type");
  EXPECT_TRUE(BodyReader::parse(body("{}", "application/json; charset=utf-8")).ok());
  EXPECT_EQ(BodyReader::parse(body("{")).error().code, "json.malformed");
  EXPECT_EQ(BodyReader::parse(body("[]")).error().code, "json.not_object");
  EXPECT_EQ(BodyReader::parse(body("{\"a\":\"\xff\"}")).error().code, "json.malformed");
}

TEST(BodyReader, ErrorsNameTheField) {
  auto b = BodyReader::parse(body(R"({"n":"seven","s":5,"f":1.5,"long":"abcdef","extra":1})"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->integer("n").error().field, "n");
  EXPECT_EQ(b->integer("n").error().code, "json.wrong_type");
  EXPECT_EQ(b->text("s").error().code, "json.wrong_type");
  EXPECT_EQ(b->opt_integer("f").error().code, "json.wrong_type");
  EXPECT_EQ(b->text("long", 5).error().code, "json.too_long");
  EXPECT_EQ(b->text("missing").error().code, "json.required");
  auto unknown = b->finish();
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "json.unknown_field");
  EXPECT_EQ(unknown.error().field, "extra");
}

TEST(BodyReader, ControlCharactersAreRefused) {
  auto b = BodyReader::parse(body(R"({"name":"a\u0001b"})"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->text("name").error().code, "json.control_character");
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(valid_utf8("plain ascii"));
  EXPECT_TRUE(valid_utf8("网格员 🚩"));
  EXPECT_FALSE(valid_utf8("\xff"));
  EXPECT_FALSE(valid_utf8("\xe7\xbd"));          // truncated
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_EQ(utf8_length("网格"), 2u);
}

TEST(PageResponse, CursorOnlyWhenFull) {
  boost::json::array items{1, 2};
  auto full = page_response(items, 2, 42);
  EXPECT_NE(full.body.find("\"next_after\":42"), std::string::npos);
  auto partial = page_response(items, 3, 42);
  EXPECT_NE(partial.body.find("\"next_after\":null"), std::string::npos);
}

}  // namespace
}  // namespace onegrid::api
