// Demo register seeding; see register_seed.hpp.
#include "demo/register_seed.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "demo/address_seed.hpp"
#include "demo/people_extracts.hpp"
#include "ingest/importer.hpp"
#include "people/calendar.hpp"
#include "people/masking.hpp"
#include "people/uscc.hpp"

namespace onegrid::demo {
namespace fs = std::filesystem;

namespace {

struct OrgTemplate {
  const char* suffix;
  const char* type;
  int staff;
};
// Per community: a supermarket, a clinic, a restaurant, a property company, a volunteer group.
constexpr OrgTemplate kOrgs[] = {{"便民超市有限公司", "enterprise", 12},
                                 {"社区卫生服务站", "public", 9},
                                 {"家常菜馆", "individual", 6},
                                 {"物业管理有限公司", "enterprise", 40},
                                 {"邻里守望志愿服务队", "social", 25}};

// A valid 统一社会信用代码 for the n-th demo organisation.
std::string demo_uscc(std::uint32_t n, const char* type) {
  std::string head = type[0] == 's' ? "53" : type[0] == 'p' ? "12" : type[0] == 'i' ? "92" : "91";
  head += "110105";
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  // Nine base-31 digits of a number unique per n: distinct organisations, distinct codes.
  std::uint64_t x = std::uint64_t{n} * 7919u + 1000003u;
  for (int i = 0; i < 9; ++i) {
    head += kAlphabet[x % 31];
    x /= 31;
  }
  return head + people::uscc_check_char(head);
}

Result<std::int64_t> seed_organisations(store::Store& store, const people::PiiVault& vault,
                                        std::int64_t now_ms) {
  OG_ASSIGN(auto rooms, list_rooms(store));
  std::int64_t added = 0;
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    std::int64_t last_community = -1;
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < rooms.size(); ++i) {
      const RoomRef& r = rooms[i];
      if (r.community_id == last_community) continue;
      last_community = r.community_id;
      // Ground-floor rooms of the community's first buildings host its organisations.
      for (std::size_t k = 0; k < std::size(kOrgs) && i + k < rooms.size(); ++k) {
        const RoomRef& at = rooms[i + k * 3 < rooms.size() ? i + k * 3 : i];
        const auto& t = kOrgs[k];
        std::string prefix = r.community_name;
        if (prefix.size() > 6 && prefix.ends_with("社区")) prefix.resize(prefix.size() - 6);
        const std::string name = prefix + t.suffix;
        const std::string phone = "010-6" + std::to_string(4700000 + n * 37 % 99999);
        OG_ASSIGN(auto path, tx.query_one("SELECT org_path FROM address WHERE id = ?", {at.id}));
        OG_TRY(tx.exec(
            "INSERT INTO organisation (name, uscc, org_type, room_id, address_text, contact_name,"
            " phone_enc, phone_index, phone_masked, staff_count, community_id, org_path, source,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?, ?)",
            {name, demo_uscc(n, t.type), t.type, at.id, at.full_name, "负责人",
             store::Blob{vault.seal(phone)}, vault.blind_index("phone", phone),
             people::mask_phone(phone), t.staff, r.community_id, path ? path->text(0) : "", now_ms,
             now_ms}));
        ++n;
        ++added;
      }
    }
    return ok_status();
  }));
  return added;
}

}  // namespace

Result<RegisterSeedReport> seed_register(store::Store& store, const people::PiiVault& vault,
                                         int persons, std::int64_t now_ms) {
  const auto t0 = std::chrono::steady_clock::now();
  RegisterSeedReport rep;
  bool has_batches = false;
  OG_TRY(store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto row, tx.query_one("SELECT 1 FROM import_batch"));
    has_batches = row.has_value();
    return ok_status();
  }));
  if (has_batches) {
    rep.already_seeded = true;
    return rep;
  }
  AddressSeedOptions ao;
  ao.min_rooms = static_cast<std::int64_t>(persons * kRoomsPerPerson) + 1;
  ao.now = now_ms;
  OG_ASSIGN(auto addresses, seed_addresses(store, ao));
  rep.rooms = addresses.rooms_total;
  OG_ASSIGN(auto rooms, list_rooms(store));

  const fs::path dir =
      fs::temp_directory_path() /
      ("onegrid-demo-extracts-" + std::to_string(::getpid()) + "-" + std::to_string(now_ms));
  PeopleExtractOptions po;
  po.persons = persons;
  po.out_dir = dir.string();
  auto written = write_people_extracts(rooms, po);
  if (!written) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    return written.error();
  }
  rep.persons = written->persons;
  // Police first: the most trusted source for identity creates most persons. One job: one
  // transaction and one view of the register for the four files.
  std::vector<ingest::Extract> files;
  for (const auto& [source, file] : {std::pair{"police", "police.csv"},
                                     {"housing", "housing.csv"},
                                     {"civil", "civil.csv"},
                                     {"health", "health.tsv"}})
    files.push_back(ingest::Extract{{}, (dir / file).string(), source, file, {}, {}});
  ingest::ImportOptions opt;
  opt.now_ms = now_ms;
  opt.today = people::china_date(now_ms);
  auto imported = ingest::import_extracts(store, vault, files, opt);
  Status st = imported ? ok_status() : Status(imported.error());
  if (imported)
    for (const auto& r : *imported) {
      rep.rows += static_cast<std::int64_t>(r.rows_total);
      rep.review += static_cast<std::int64_t>(r.rows_review);
    }
  std::error_code ec;
  fs::remove_all(dir, ec);
  OG_TRY(st);
  OG_ASSIGN(rep.organisations, seed_organisations(store, vault, now_ms));
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace onegrid::demo
