// Provenance as stored in person.provenance: the common source as "*", the others by field;
// what is written reads back the same, and readers spell every field out.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "ingest/register_view.hpp"
#include "people/provenance.hpp"

namespace onegrid::ingest {
namespace {

namespace json = boost::json;

Provenance all_from(const std::string& source) {
  Provenance p;
  for (const char* f : people::kProvenanceFields) p.set(f, source);
  return p;
}

TEST(Provenance, OneSourceIsStoredAsAStar) {
  Provenance p = all_from("police");
  EXPECT_EQ(p.to_json(), R"({"*":"police"})");
  p.set("phone", "civil");
  EXPECT_EQ(p.to_json(), R"({"*":"police","phone":"civil"})");
  EXPECT_EQ(Provenance::parse(p.to_json()), p);
  ASSERT_NE(Provenance::parse(p.to_json()).get("phone"), nullptr);
  EXPECT_EQ(*Provenance::parse(p.to_json()).get("phone"), "civil");
  EXPECT_EQ(*Provenance::parse(p.to_json()).get("relation"), "police");
}

TEST(Provenance, IncompleteProvenanceListsItsFields) {
  Provenance p;
  p.set("name", "health");
  p.set("phone", "health");
  EXPECT_EQ(p.to_json(), R"({"name":"health","phone":"health"})");
  Provenance back = Provenance::parse(p.to_json());
  EXPECT_EQ(back, p);
  EXPECT_EQ(back.get("gender"), nullptr) << "no star: a field without a source stays unknown";
}

TEST(Provenance, TheOlderSpelledOutFormStillReads) {
  Provenance p = Provenance::parse(R"({"name":"police","gender":"civil","junk":"x","phone":7})");
  EXPECT_EQ(*p.get("name"), "police");
  EXPECT_EQ(*p.get("gender"), "civil");
  EXPECT_EQ(p.get("phone"), nullptr);
  EXPECT_EQ(Provenance::parse("not json"), Provenance());
}

TEST(Provenance, ReadersGetEveryFieldSpelledOut) {
  json::object o = people::expand_provenance(R"({"*":"police","phone":"civil"})");
  EXPECT_EQ(o.size(), people::kProvenanceFields.size());
  EXPECT_EQ(o.at("name"), "police");
  EXPECT_EQ(o.at("phone"), "civil");
  EXPECT_EQ(people::expand_provenance(R"({"name":"health"})"), json::parse(R"({"name":"health"})"));
  EXPECT_TRUE(people::expand_provenance("[1]").empty());
}

}  // namespace
}  // namespace onegrid::ingest
