#include "demo/seed.hpp"

#include <map>

#include "audit/audit.hpp"
#include "auth/accounts.hpp"
#include "auth/password.hpp"
#include "base/clock.hpp"
#include "demo/geography.hpp"
#include "demo/names.hpp"
#include "events/taxonomy_store.hpp"
#include "org/geo/geojson.hpp"
#include "org/org_store.hpp"

namespace onegrid::demo {
namespace {

using auth::Role;
using org::Scope;

struct Department {
  const char* code;
  const char* name;
  const char* name_en;
};
// The line departments a street summons (吹哨) most often.
constexpr Department kDepartments[] = {
    {"D01", "区城市管理委员会", "City Management Commission"},
    {"D02", "区生态环境局", "Ecology and Environment Bureau"},
    {"D03", "公安朝阳分局", "Public Security Sub-bureau"},
    {"D04", "区市场监督管理局", "Market Regulation Bureau"},
    {"D05", "区住房和城乡建设委员会", "Housing and Construction Commission"},
    {"D06", "区民政局", "Civil Affairs Bureau"},
    {"D07", "区卫生健康委员会", "Health Commission"},
    {"D08", "区消防救援支队", "Fire and Rescue Detachment"},
    {"D09", "区水务局", "Water Authority"},
    {"D10", "区交通委员会", "Transport Commission"},
};

struct Seeder {
  store::Tx& tx;
  const std::string& hash;
  audit::Actor actor = audit::Actor::system("seed-demo");
  std::uint32_t next_person = 1;
  int users = 0;

  Result<std::int64_t> user(const std::string& username, const std::string& display,
                            std::int64_t org_id, Role role) {
    auth::NewUser in{username, display, org_id, hash};
    OG_ASSIGN(auto u, auth::create_user(tx, actor, Scope::everything(), in));
    OG_TRY(auth::add_grant(tx, actor, Scope::everything(), Role::sysadmin, u.id, role, org_id));
    ++users;
    return u.id;
  }
  Result<std::int64_t> person(std::int64_t org_id, Role role) {
    PersonName n = person_name(next_person++);
    return user(n.username, n.display, org_id, role);
  }
  Status people(std::int64_t org_id, Role role, int count) {
    for (int i = 0; i < count; ++i) OG_TRY(person(org_id, role));
    return ok_status();
  }
};

}  // namespace

const std::vector<DemoAccount>& demo_accounts() {
  static const std::vector<DemoAccount> accounts{
      {"admin", "sysadmin", "系统管理员 — system administrator, whole district"},
      {"district", "district_officer", "区级指挥中心 — district command centre officer"},
      {"street", "street_officer", "街道工作人员 — officer of the first street"},
      {"community", "community_worker", "社区工作者 — worker of the first community"},
      {"gridworker", "grid_worker", "网格员 — worker of the first grid"},
      {"dept", "department_staff", "职能部门人员 — city management (城管) staff"},
      {"dept2", "department_staff", "职能部门人员 — ecology and environment (环保) staff"},
      {"party", "party_secretary", "党组织书记 — secretary of the first community's branch"},
      {"partner", "partner", "社区合伙人 — partner merchant of the first community"},
      {"resident", "resident", "居民 — resident of the first community"},
  };
  return accounts;
}

Result<SeedReport> seed_demo(store::Store& store, int scale) {
  if (scale < 1 || scale > 1000)
    return invalid_input("demo.bad_scale", "scale must be 1-1000", "scale");
  SeedReport report;
  OG_TRY(store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto row, tx.query_one("SELECT count(*) FROM org_unit"));
    report.already_seeded = row && row->i64(0) > 0;
    return ok_status();
  }));
  if (report.already_seeded) return report;
  const DemoGeography geography = make_demo_geography(scale);
  // Every demo account shares the public demo password, so hash it once (Argon2id is slow).
  OG_ASSIGN(const std::string hash, auth::hash_password(kDemoPassword));
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    Seeder s{tx, hash};
    std::map<std::string, std::int64_t> id_of;
    std::int64_t district = 0;
    std::vector<std::int64_t> streets, communities, grids;
    for (const auto& u : geography.units) {
      org::NewUnit in;
      in.kind = *org::parse_kind(u.kind);
      in.code = u.code;
      in.name = u.name;
      in.name_en = u.name_en;
      if (!u.parent_code.empty()) in.parent_id = id_of.at(u.parent_code);
      if (!u.boundary.empty()) in.boundary = org::geo::to_geojson(u.boundary);
      OG_ASSIGN(auto unit, org::create_unit(tx, s.actor, Scope::everything(), in, "demo.seed"));
      id_of[u.code] = unit.id;
      ++report.org_units;
      switch (in.kind) {
        case org::UnitKind::district:
          district = unit.id;
          break;
        case org::UnitKind::street:
          streets.push_back(unit.id);
          break;
        case org::UnitKind::community:
          communities.push_back(unit.id);
          break;
        case org::UnitKind::grid:
          grids.push_back(unit.id);
          break;
        case org::UnitKind::department:
          break;
      }
    }
    std::vector<std::int64_t> departments;
    for (const auto& d : kDepartments) {
      org::NewUnit in;
      in.kind = org::UnitKind::department;
      in.parent_id = district;
      in.code = "110105-" + std::string(d.code);
      in.name = d.name;
      in.name_en = d.name_en;
      OG_ASSIGN(auto unit, org::create_unit(tx, s.actor, Scope::everything(), in, "demo.seed"));
      departments.push_back(unit.id);
      ++report.org_units;
    }
    OG_TRY(events::install_default_taxonomy(tx, s.actor));
    // The documented accounts, one per role, on the first unit of each kind.
    OG_TRY(s.user("admin", "系统管理员", district, Role::sysadmin));
    OG_TRY(s.user("district", "赵建国", district, Role::district_officer));
    OG_TRY(s.user("street", "钱丽华", streets.at(0), Role::street_officer));
    OG_TRY(s.user("community", "孙海燕", communities.at(0), Role::community_worker));
    OG_ASSIGN(auto first_grid_worker,
              s.user("gridworker", "李志强", grids.at(0), Role::grid_worker));
    OG_TRY(s.user("dept", "周德胜", departments.at(0), Role::department_staff));
    OG_TRY(s.user("dept2", "冯雅琴", departments.at(1), Role::department_staff));
    OG_TRY(s.user("party", "吴淑珍", communities.at(0), Role::party_secretary));
    OG_TRY(s.user("partner", "郑记便民超市", communities.at(0), Role::partner));
    OG_TRY(s.user("resident", "王秀英", communities.at(0), Role::resident));
    // Everyone else, proportionate to the district's size.
    OG_TRY(s.people(district, Role::district_officer, 2));
    for (auto street : streets) {
      OG_TRY(s.people(street, Role::street_officer, 3));
      OG_TRY(s.people(street, Role::party_secretary, 1));
    }
    for (auto community : communities) {
      OG_TRY(s.people(community, Role::community_worker, 4));
      OG_TRY(s.people(community, Role::party_secretary, 1));
      OG_TRY(s.people(community, Role::partner, 2));
      OG_TRY(s.people(community, Role::resident, 10));
    }
    for (auto dept : departments) OG_TRY(s.people(dept, Role::department_staff, 5 * scale));
    // One worker per grid (定人、定岗、定责).
    for (std::size_t i = 0; i < grids.size(); ++i) {
      std::int64_t worker = first_grid_worker;
      if (i > 0) {
        OG_ASSIGN(worker, s.person(grids[i], Role::grid_worker));
      }
      org::UnitPatch p;
      p.set_worker = true;
      p.worker_id = worker;
      OG_ASSIGN(auto grid, org::get_unit(tx, Scope::everything(), grids[i]));
      OG_TRY(org::update_unit(tx, s.actor, Scope::everything(), grids[i], grid.version, p,
                              "demo.seed"));
    }
    report.users = s.users;
    OG_TRY(tx.exec("INSERT INTO setting (key, value) VALUES ('demo_seeded_at', ?)",
                   {format_utc(now_ms())}));
    return ok_status();
  }));
  return report;
}

}  // namespace onegrid::demo
