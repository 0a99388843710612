// The OpenAPI document (docs/openapi.json, embedded in the binary) against the routing table:
// every route is documented with its permission, no documented operation is stale, and every
// $ref resolves.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/api.hpp"
#include "auth/roles.hpp"
#include "base/embedded.hpp"

namespace onegrid::api {
namespace {

const std::set<std::string> kHttpMethods{"get",     "put",  "post",  "delete",
                                         "options", "head", "patch", "trace"};

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string route_name(const std::string& method, const std::string& pattern) {
  return method + " " + pattern;
}

// The `{name}` captures of a path template, in order.
std::vector<std::string> template_params(const std::string& pattern) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = pattern.find('{', i)) != std::string::npos) {
    const std::size_t j = pattern.find('}', i);
    if (j == std::string::npos) break;
    out.push_back(pattern.substr(i + 1, j - i - 1));
    i = j + 1;
  }
  return out;
}

// Resolves a local JSON Pointer reference ("#/components/schemas/User"); nullptr when it does not.
const boost::json::value* resolve(const boost::json::value& doc, const std::string& ref) {
  if (ref.rfind("#/", 0) != 0) return nullptr;
  const boost::json::value* at = &doc;
  std::size_t pos = 2;
  while (pos <= ref.size()) {
    std::size_t end = ref.find('/', pos);
    if (end == std::string::npos) end = ref.size();
    std::string token;
    for (std::size_t k = pos; k < end; ++k) {
      if (ref[k] == '~' && k + 1 < end && ref[k + 1] == '1') {
        token += '/';
        ++k;
      } else if (ref[k] == '~' && k + 1 < end && ref[k + 1] == '0') {
        token += '~';
        ++k;
      } else {
        token += ref[k];
      }
    }
    if (!at->is_object()) return nullptr;
    at = at->as_object().if_contains(token);
    if (!at) return nullptr;
    pos = end + 1;
  }
  return at;
}

// Every "$ref" string in the document, with the JSON path where it occurs.
void collect_refs(const boost::json::value& v, const std::string& where,
                  std::vector<std::pair<std::string, std::string>>& out) {
  if (v.is_object()) {
    for (const auto& kv : v.as_object()) {
      const std::string key(kv.key());
      if (key == "$ref" && kv.value().is_string())
        out.emplace_back(std::string(kv.value().as_string()), where);
      else
        collect_refs(kv.value(), where + "/" + key, out);
    }
  } else if (v.is_array()) {
    const auto& a = v.as_array();
    for (std::size_t i = 0; i < a.size(); ++i)
      collect_refs(a[i], where + "/" + std::to_string(i), out);
  }
}

class OpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = embedded::find("openapi.json");
    ASSERT_TRUE(text.has_value()) << "docs/openapi.json is not embedded";
    boost::system::error_code ec;
    doc_ = boost::json::parse(*text, ec);
    ASSERT_FALSE(ec) << "docs/openapi.json is not valid JSON: " << ec.message();
    ASSERT_TRUE(doc_.is_object()) << "the OpenAPI document must be a JSON object";
    const auto* paths = doc_.as_object().if_contains("paths");
    ASSERT_TRUE(paths && paths->is_object()) << "the OpenAPI document has no paths object";
    paths_ = &paths->as_object();
  }

  // paths[pattern][method], or nullptr.
  const boost::json::object* operation(const std::string& pattern,
                                       const std::string& method) const {
    const auto* item = paths_->if_contains(pattern);
    if (!item || !item->is_object()) return nullptr;
    const auto* op = item->as_object().if_contains(lower(method));
    return op && op->is_object() ? &op->as_object() : nullptr;
  }

  // A parameter object, following a $ref into components.
  const boost::json::object* deref(const boost::json::value& v) const {
    if (v.is_object())
      if (const auto* ref = v.as_object().if_contains("$ref"); ref && ref->is_string()) {
        const auto* target = resolve(doc_, std::string(ref->as_string()));
        return target && target->is_object() ? &target->as_object() : nullptr;
      }
    return v.is_object() ? &v.as_object() : nullptr;
  }

  boost::json::value doc_;
  const boost::json::object* paths_ = nullptr;
};

TEST_F(OpenApi, IsAnOpenApi31Document) {
  const auto& root = doc_.as_object();
  const auto* version = root.if_contains("openapi");
  ASSERT_TRUE(version && version->is_string());
  EXPECT_EQ(std::string(version->as_string()).rfind("3.1", 0), 0u)
      << "openapi is " << version->as_string();
  const auto* info = root.if_contains("info");
  ASSERT_TRUE(info && info->is_object());
  EXPECT_TRUE(info->as_object().if_contains("title"));
  EXPECT_TRUE(info->as_object().if_contains("version"));
  const auto* scheme = resolve(doc_, "#/components/securitySchemes/bearer");
  ASSERT_TRUE(scheme && scheme->is_object()) << "components.securitySchemes.bearer is missing";
  EXPECT_EQ(scheme->as_object().at("type"), "http");
  EXPECT_EQ(scheme->as_object().at("scheme"), "bearer");
  EXPECT_TRUE(resolve(doc_, "#/components/schemas/Problem")) << "no Problem schema";
}

TEST_F(OpenApi, EveryRouteIsDocumentedWithItsPermission) {
  const auto routes = all_routes();
  ASSERT_FALSE(routes.empty());
  for (const auto& r : routes) {
    const std::string name = route_name(r.method, r.pattern);
    const auto* op = operation(r.pattern, r.method);
    if (!op) {
      ADD_FAILURE() << "route " << name << " is missing from docs/openapi.json (paths[\""
                    << r.pattern << "\"]." << lower(r.method) << ")";
      continue;
    }
    const auto* op_id = op->if_contains("operationId");
    EXPECT_TRUE(op_id && op_id->is_string() && !op_id->as_string().empty())
        << name << " has no operationId";
    const auto* summary = op->if_contains("summary");
    EXPECT_TRUE(summary && summary->is_string() && summary->as_string() == r.summary)
        << name << ": summary differs from the route's (\"" << r.summary << "\")";
    const auto* responses = op->if_contains("responses");
    EXPECT_TRUE(responses && responses->is_object() && !responses->as_object().empty())
        << name << " documents no responses";

    const auto* security = op->if_contains("security");
    ASSERT_TRUE(security && security->is_array()) << name << " declares no security";
    const auto* x_permission = op->if_contains("x-permission");
    if (r.permission) {
      bool bearer = false;
      for (const auto& requirement : security->as_array())
        bearer = bearer || (requirement.is_object() && requirement.as_object().contains("bearer"));
      EXPECT_TRUE(bearer) << name << " needs a permission but does not declare bearer security";
      const std::string code(auth::permission_code(*r.permission));
      ASSERT_TRUE(x_permission && x_permission->is_string())
          << name << " has no x-permission (expected \"" << code << "\")";
      EXPECT_EQ(std::string(x_permission->as_string()), code) << name << ": wrong x-permission";
    } else {
      EXPECT_TRUE(security->as_array().empty())
          << name << " is public and must declare security: []";
      EXPECT_EQ(x_permission, nullptr) << name << " is public but declares an x-permission";
    }
  }
}

TEST_F(OpenApi, NoStaleOperations) {
  std::set<std::pair<std::string, std::string>> routed;
  for (const auto& r : all_routes()) routed.emplace(upper(r.method), r.pattern);
  for (const auto& item : *paths_) {
    const std::string pattern(item.key());
    ASSERT_TRUE(item.value().is_object()) << "paths[\"" << pattern << "\"] is not an object";
    for (const auto& entry : item.value().as_object()) {
      const std::string key(entry.key());
      if (!kHttpMethods.count(key)) continue;
      EXPECT_TRUE(routed.count({upper(key), pattern}))
          << "docs/openapi.json documents " << route_name(upper(key), pattern)
          << ", which no route registers";
    }
  }
}

TEST_F(OpenApi, OperationIdsAreUnique) {
  std::set<std::string> seen;
  for (const auto& item : *paths_) {
    if (!item.value().is_object()) continue;
    for (const auto& entry : item.value().as_object()) {
      if (!kHttpMethods.count(std::string(entry.key())) || !entry.value().is_object()) continue;
      const auto* id = entry.value().as_object().if_contains("operationId");
      if (!id || !id->is_string()) continue;
      EXPECT_TRUE(seen.insert(std::string(id->as_string())).second)
          << "operationId " << id->as_string() << " is used twice";
    }
  }
}

TEST_F(OpenApi, PathParametersMatchTheTemplates) {
  for (const auto& r : all_routes()) {
    const auto* op = operation(r.pattern, r.method);
    if (!op) continue;  // reported by EveryRouteIsDocumentedWithItsPermission
    std::set<std::string> declared;
    auto add_from = [&](const boost::json::value* params) {
      if (!params || !params->is_array()) return;
      for (const auto& p : params->as_array()) {
        const auto* param = deref(p);
        ASSERT_NE(param, nullptr) << route_name(r.method, r.pattern) << ": unresolved parameter";
        if (param->if_contains("in") && param->at("in") == "path") {
          declared.insert(std::string(param->at("name").as_string()));
          EXPECT_TRUE(param->if_contains("required") && param->at("required") == true)
              << route_name(r.method, r.pattern) << ": path parameter "
              << param->at("name").as_string() << " must be required";
        }
      }
    };
    add_from(paths_->at(r.pattern).as_object().if_contains("parameters"));
    add_from(op->if_contains("parameters"));
    const auto wanted = template_params(r.pattern);
    EXPECT_EQ(declared, std::set<std::string>(wanted.begin(), wanted.end()))
        << route_name(r.method, r.pattern) << ": path parameters differ from the template";
  }
}

TEST_F(OpenApi, EveryRefResolvesToAComponent) {
  std::vector<std::pair<std::string, std::string>> refs;
  collect_refs(doc_, "", refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& [ref, where] : refs) {
    EXPECT_EQ(ref.rfind("#/components/", 0), 0u)
        << "$ref " << ref << " at " << where << " does not point into components";
    EXPECT_NE(resolve(doc_, ref), nullptr)
        << "$ref " << ref << " at " << where << " does not resolve";
  }
}

}  // namespace
}  // namespace onegrid::api
