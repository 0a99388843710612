// Demo standard-address seeding (see address_seed.hpp). Every grid has a fixed, deterministic
// list of building slots (a lattice of 46 m × 26 m cells whose 36 m × 11 m footprint lies inside
// the grid polygon, in a shuffled order); a grid's k-th building takes its k-th slot, so seeding
// more later never moves or overlaps what is there. Building sizes come from the lowest
// profile (low-rise demo, mid-rise, high-rise) whose mean fills the free slots.

#include "demo/address_seed.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "base/clock.hpp"
#include "org/geo/geojson.hpp"
#include "org/geo/grid_index.hpp"

namespace onegrid::demo {
namespace {

constexpr double kSlotX = 46, kSlotY = 26;   // metres between building slots
constexpr double kFootX = 36, kFootY = 11;   // building footprint
constexpr std::size_t kRowsPerInsert = 400;  // 17 columns: well under both engines' limits

std::uint64_t mix(std::uint64_t z) {  // splitmix64
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t hash_text(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return mix(h);
}

std::string pad(std::int64_t n, int width) {
  std::string s = std::to_string(n);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

// 1..99 in Chinese numerals: 三, 十二, 二十一.
std::string chinese_number(int n) {
  static constexpr std::array<const char*, 10> kDigit{"零", "一", "二", "三", "四",
                                                      "五", "六", "七", "八", "九"};
  if (n < 10) return kDigit[static_cast<std::size_t>(n)];
  std::string s = n / 10 == 1 ? "" : kDigit[static_cast<std::size_t>(n / 10)];
  s += "十";
  if (n % 10) s += kDigit[static_cast<std::size_t>(n % 10)];
  return s;
}

// Well-known estates around 望京 / 花家地 first, then generated names.
constexpr std::array<const char*, 24> kFamous{
    "花家地西里",   "花家地北里", "望京西园三区", "南湖东园",   "利泽西园", "大西洋新城",
    "华彩国际公寓", "方舟苑",     "望京西园四区", "花家地南里", "南湖西园", "湖光中街",
    "宝星园",       "望花路东里", "花家地东里",   "望京新城",   "澳洲康都", "望京花园",
    "阜通西里",     "南湖中园",   "望京西园二区", "利泽中园",   "西八间房", "方舟苑东区"};
constexpr std::array<const char*, 24> kPrefixes{"望京", "花家地", "南湖", "利泽",   "阜通", "宝星",
                                                "湖光", "来广营", "北苑", "芍药居", "惠新", "安慧",
                                                "大屯", "慧忠",   "育慧", "京旺",   "望和", "广顺",
                                                "星源", "融科",   "金隅", "远洋",   "嘉润", "国风"};
constexpr std::array<const char*, 16> kSuffixes{"西里", "北里", "南里", "东里",     "家园", "花园",
                                                "嘉园", "雅苑", "新城", "国际公寓", "东园", "西园",
                                                "中园", "一区", "二区", "三区"};

// The i-th name of the district-wide pool.
std::string pool_name(std::size_t i) {
  if (i < kFamous.size()) return kFamous[i];
  i -= kFamous.size();
  const std::size_t combos = kPrefixes.size() * kSuffixes.size();
  std::string s = std::string(kPrefixes[(i % combos) / kSuffixes.size()]) +
                  kSuffixes[(i % combos) % kSuffixes.size()];
  if (i / combos > 0) s += chinese_number(static_cast<int>(i / combos % 98) + 1) + "期";
  return s;
}

// Other spellings: 三区 → 3区, …小区, 华彩国际公寓 → 华彩公寓.
std::vector<std::string> alias_variants(const std::string& name) {
  std::vector<std::string> out;
  for (const char* tail : {"区", "期"}) {
    const std::string t = tail;
    if (name.size() <= t.size() || name.compare(name.size() - t.size(), t.size(), t) != 0) continue;
    for (int n = 99; n >= 1; --n) {
      const std::string cn = chinese_number(n) + t;
      if (name.size() > cn.size() && name.compare(name.size() - cn.size(), cn.size(), cn) == 0) {
        out.push_back(name.substr(0, name.size() - cn.size()) + std::to_string(n) + t);
        break;
      }
    }
  }
  const std::string apt = "国际公寓";
  if (name.size() > apt.size() && name.compare(name.size() - apt.size(), apt.size(), apt) == 0)
    out.push_back(name.substr(0, name.size() - apt.size()) + "公寓");
  else
    out.push_back(name + "小区");
  return out;
}

// A building size profile: floors, units, rooms per floor per unit, each drawn uniformly.
struct Profile {
  std::vector<int> floors, units, rooms;
  double mean() const {
    auto m = [](const std::vector<int>& v) {
      double s = 0;
      for (int x : v) s += x;
      return s / static_cast<double>(v.size());
    };
    return m(floors) * m(units) * m(rooms);
  }
};
const std::array<Profile, 3>& profiles() {
  static const std::array<Profile, 3> p{{
      {{5, 6, 6, 6, 9, 12}, {1, 2, 2, 3}, {2, 2, 3}},          // low-rise demo
      {{9, 12, 18, 18, 24}, {2, 3, 3, 4}, {2, 3, 3, 4}},       // mid-rise
      {{18, 24, 24, 26, 28, 30}, {3, 4, 4, 4}, {3, 4, 4, 4}},  // high-rise
  }};
  return p;
}

struct Slot {
  double lon, lat;    // centre
  double dlon, dlat;  // half the footprint in degrees
};

struct Grid {
  std::int64_t id = 0;
  std::string code, path;
  std::vector<Slot> slots;
  std::int64_t rooms = 0, buildings = 0;  // already in the store
};

struct Community {
  std::int64_t id = 0;
  std::string code, name, path;
  std::vector<Grid> grids;
  int next_estate = 1;
};

// The grid's building slots: footprints whose corners and centre lie inside its polygon.
std::vector<Slot> make_slots(const Grid& g, const org::geo::Area& area, std::uint64_t seed) {
  std::vector<Slot> slots;
  if (area.empty()) return slots;
  auto index = org::geo::GridIndex::build({org::geo::GridShape{g.id, g.code, area}});
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (const auto& p : area.polygons)
    for (const auto& v : p.outer) {
      x0 = std::min(x0, v.lon), y0 = std::min(y0, v.lat);
      x1 = std::max(x1, v.lon), y1 = std::max(y1, v.lat);
    }
  const auto k = org::geo::metres_per_degree((y0 + y1) / 2);
  const double sx = kSlotX / k.lon, sy = kSlotY / k.lat;
  const double hx = kFootX / 2 / k.lon, hy = kFootY / 2 / k.lat;
  auto inside = [&](double x, double y) { return index.locate(x, y) == g.id; };
  const double ex = hx + 2e-6, ey = hy + 2e-6;  // a margin for the 7-decimal rounding
  for (double y = y1 - sy / 2; y > y0; y -= sy)
    for (double x = x0 + sx / 2; x < x1; x += sx) {
      const double cx = std::round(x * 1e7) / 1e7, cy = std::round(y * 1e7) / 1e7;
      if (inside(cx, cy) && inside(cx - ex, cy - ey) && inside(cx + ex, cy - ey) &&
          inside(cx + ex, cy + ey) && inside(cx - ex, cy + ey))
        slots.push_back({cx, cy, hx, hy});
    }
  // A fixed shuffle, so a grid's first buildings spread over it.
  std::uint64_t h = hash_text(g.code, seed);
  for (std::size_t i = slots.size(); i > 1; --i) {
    h = mix(h);
    std::swap(slots[i - 1], slots[h % i]);
  }
  return slots;
}

std::string footprint_json(const Slot& s) {
  auto pt = [](double x, double y) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "[%.7f,%.7f]", x, y);
    return std::string(buf);
  };
  const double a = s.lon - s.dlon, b = s.lon + s.dlon, c = s.lat - s.dlat, d = s.lat + s.dlat;
  return "{\"type\":\"Polygon\",\"coordinates\":[[" + pt(a, c) + "," + pt(b, c) + "," + pt(b, d) +
         "," + pt(a, d) + "," + pt(a, c) + "]]}";
}

// Multi-row INSERTs of a fixed column list, flushed every kRowsPerInsert rows.
class Inserter {
 public:
  Inserter(store::Tx& tx, std::string head, std::size_t cols)
      : tx_(tx), head_(std::move(head)), cols_(cols) {}
  Status add(std::initializer_list<store::Value> row) {
    for (const auto& v : row) values_.push_back(v);
    return values_.size() >= kRowsPerInsert * cols_ ? flush() : ok_status();
  }
  Status flush() {
    const std::size_t n = values_.size() / cols_;
    if (n == 0) return ok_status();
    if (n != cached_rows_) {
      std::string one = "(";
      for (std::size_t c = 0; c < cols_; ++c) one += c ? ",?" : "?";
      one += ")";
      sql_ = head_;
      for (std::size_t r = 0; r < n; ++r) sql_ += (r ? "," : "") + one;
      cached_rows_ = n;
    }
    OG_TRY(tx_.exec(sql_, std::span<const store::Value>(values_)));
    values_.clear();
    return ok_status();
  }

 private:
  store::Tx& tx_;
  std::string head_, sql_;
  std::size_t cols_, cached_rows_ = 0;
  std::vector<store::Value> values_;
};

Result<std::vector<Community>> load_communities(store::Tx& tx, std::uint64_t seed) {
  OG_ASSIGN(auto rows,
            tx.query("SELECT c.id, c.code, c.name, c.path, g.id, g.code, g.path, "
                     "g.boundary FROM org_unit c JOIN org_unit g ON g.parent_id = c.id "
                     "WHERE c.kind = 'community' AND c.active = 1 AND g.kind = 'grid' "
                     "AND g.active = 1 AND g.boundary IS NOT NULL ORDER BY c.code, g.code"));
  std::vector<Community> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().id != r.i64(0))
      out.push_back(Community{r.i64(0), r.text(1), r.text(2), r.text(3), {}, 1});
    Grid g{r.i64(4), r.text(5), r.text(6), {}, 0, 0};
    auto area = org::geo::parse_geometry_text(r.text(7));
    if (!area) continue;  // an unreadable boundary holds no buildings
    g.slots = make_slots(g, *area, seed);
    out.back().grids.push_back(std::move(g));
  }
  std::map<std::int64_t, Grid*> by_id;
  for (auto& c : out)
    for (auto& g : c.grids) by_id[g.id] = &g;
  OG_ASSIGN(auto counts, tx.query("SELECT grid_id, level, COUNT(*) FROM address WHERE level IN "
                                  "('building', 'room') AND grid_id IS NOT NULL GROUP BY grid_id, "
                                  "level"));
  for (const auto& r : counts) {
    auto it = by_id.find(r.i64(0));
    if (it == by_id.end()) continue;
    (r.text(1) == "room" ? it->second->rooms : it->second->buildings) = r.i64(2);
  }
  OG_ASSIGN(auto estates, tx.query("SELECT community_id, code FROM address WHERE level = "
                                   "'estate'"));
  std::map<std::int64_t, Community*> communities;
  for (auto& c : out) communities[c.id] = &c;
  for (const auto& r : estates) {
    auto it = communities.find(r.i64(0));
    if (it == communities.end()) continue;
    const auto code = r.text(1);
    const auto e = code.rfind("-E");
    if (e != std::string::npos)
      it->second->next_estate =
          std::max(it->second->next_estate, std::atoi(code.c_str() + e + 2) + 1);
  }
  return out;
}

}  // namespace

Result<AddressSeedReport> seed_addresses(store::Store& store, const AddressSeedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::int64_t now = options.now ? options.now : now_ms();
  AddressSeedReport report;
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    report = AddressSeedReport{};
    OG_ASSIGN(auto communities, load_communities(tx, options.seed));
    std::int64_t grids = 0;
    for (const auto& c : communities) grids += static_cast<std::int64_t>(c.grids.size());
    if (grids == 0) return ok_status();
    const std::int64_t target =
        std::max<std::int64_t>(options.rooms_per_grid, (options.min_rooms + grids - 1) / grids);

    std::set<std::string> used;  // estate names and aliases of the district
    OG_ASSIGN(auto names, tx.query("SELECT name FROM address WHERE level = 'estate' UNION ALL "
                                   "SELECT alias FROM address_alias"));
    for (const auto& r : names) used.insert(r.text(0));
    OG_ASSIGN(auto max_id, tx.query_one("SELECT COALESCE(MAX(id), 0) FROM address"));
    std::int64_t next_id = (max_id ? max_id->i64(0) : 0) + 1;
    std::size_t pool = 0;

    Inserter rows(tx,
                  "INSERT INTO address (id, parent_id, level, code, name, full_name, number, "
                  "match_key, community_id, grid_id, org_path, footprint, floors, lon, lat, "
                  "created_at, updated_at) VALUES ",
                  17);
    Inserter aliases(tx, "INSERT INTO address_alias (alias, address_id) VALUES ", 2);

    for (auto& c : communities) {
      // The buildings this community still needs, grid by grid.
      struct Planned {
        const Grid* grid;
        const Slot* slot;
        int floors, units, rooms;
      };
      std::vector<Planned> plan;
      for (auto& g : c.grids) {
        if (g.rooms >= target) continue;
        const auto free =
            std::max<std::int64_t>(1, static_cast<std::int64_t>(g.slots.size()) - g.buildings);
        const double need = static_cast<double>(target - g.rooms) / static_cast<double>(free);
        std::size_t tier = 0;
        while (tier + 1 < profiles().size() && profiles()[tier].mean() < 1.25 * need) ++tier;
        const Profile& p = profiles()[tier];
        for (auto k = g.buildings;
             k < static_cast<std::int64_t>(g.slots.size()) && g.rooms < target; ++k) {
          std::uint64_t h = hash_text(g.code, options.seed ^ (static_cast<std::uint64_t>(k) << 20));
          auto draw = [&h](const std::vector<int>& v) {
            h = mix(h);
            return v[h % v.size()];
          };
          Planned b{&g, &g.slots[static_cast<std::size_t>(k)], draw(p.floors), draw(p.units),
                    draw(p.rooms)};
          plan.push_back(b);
          g.rooms += static_cast<std::int64_t>(b.floors) * b.units * b.rooms;
          ++g.buildings;
        }
        if (g.rooms < target)
          return invalid_input("demo.address_capacity", "grid " + g.code + " cannot hold " +
                                                            std::to_string(target) +
                                                            " rooms; seed a larger demo scale");
      }
      if (plan.empty()) continue;
      ++report.communities;
      // Consecutive buildings form estates of 3–6 (low-rise) or 4–10 buildings.
      std::uint64_t h = hash_text(c.code, options.seed ^ 0x5eedULL);
      std::size_t i = 0;
      while (i < plan.size()) {
        h = mix(h);
        const std::size_t size = plan[i].floors <= 12 && plan[i].units <= 3 ? 3 + h % 4 : 4 + h % 7;
        const std::size_t end = std::min(plan.size(), i + size);
        std::string estate;
        const std::string short_name = c.name.substr(0, c.name.rfind("社区"));
        if (!used.count(short_name)) {
          estate = short_name;
        } else {
          do estate = pool_name(pool++);
          while (used.count(estate));
        }
        used.insert(estate);
        const std::string ecode = c.code + "-E" + pad(c.next_estate, 2);
        const std::int64_t estate_id = next_id++;
        OG_TRY(rows.add({estate_id, nullptr, "estate", ecode, estate, estate, nullptr, nullptr,
                         c.id, nullptr, c.path, nullptr, nullptr, nullptr, nullptr, now, now}));
        ++report.estates;
        for (const auto& a : alias_variants(estate)) {
          if (!used.insert(a).second) continue;
          OG_TRY(aliases.add({a, estate_id}));
          ++report.aliases;
        }
        ++c.next_estate;
        for (std::size_t n = 1; i < end; ++i, ++n) {
          const Planned& b = plan[i];
          const std::string bname = std::to_string(n) + "号楼";
          const std::string bcode = ecode + "-B" + pad(static_cast<std::int64_t>(n), 3);
          const std::string bfull = estate + bname;
          const std::int64_t building_id = next_id++;
          OG_TRY(rows.add({building_id, estate_id, "building", bcode, bname, bfull,
                           static_cast<std::int64_t>(n), nullptr, c.id, b.grid->id, b.grid->path,
                           footprint_json(*b.slot), b.floors, b.slot->lon, b.slot->lat, now, now}));
          ++report.buildings;
          for (int u = 1; u <= b.units; ++u) {
            const std::string ucode = bcode + "-U" + std::to_string(u);
            const std::string ufull = bfull + std::to_string(u) + "单元";
            const std::int64_t unit_id = next_id++;
            OG_TRY(rows.add({unit_id, building_id, "unit", ucode, std::to_string(u) + "单元", ufull,
                             u, nullptr, c.id, b.grid->id, b.grid->path, nullptr, nullptr, nullptr,
                             nullptr, now, now}));
            ++report.units;
            for (int f = 1; f <= b.floors; ++f) {
              const std::string fcode = ucode + "-F" + pad(f, 2);
              const std::int64_t floor_id = next_id++;
              OG_TRY(rows.add({floor_id, unit_id, "floor", fcode, std::to_string(f) + "层",
                               ufull + std::to_string(f) + "层", f, nullptr, c.id, b.grid->id,
                               b.grid->path, nullptr, nullptr, nullptr, nullptr, now, now}));
              ++report.floors;
              for (int r = 1; r <= b.rooms; ++r) {
                const std::string room = std::to_string(f * 100 + r);
                OG_TRY(rows.add(
                    {next_id++, floor_id, "room", fcode + "-R" + room, room, ufull + room, nullptr,
                     estate + "|" + std::to_string(n) + "|" + std::to_string(u) + "|" + room, c.id,
                     b.grid->id, b.grid->path, nullptr, nullptr, nullptr, nullptr, now, now}));
                ++report.rooms;
              }
            }
          }
        }
      }
    }
    OG_TRY(rows.flush());
    OG_TRY(aliases.flush());
    if (report.estates > 0 && tx.driver() == store::Driver::postgres)
      OG_TRY(
          tx.query("SELECT setval(pg_get_serial_sequence('address', 'id'), (SELECT MAX(id) "
                   "FROM address))"));
    OG_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM address WHERE level = 'room'"));
    report.rooms_total = total ? total->i64(0) : 0;
    return ok_status();
  }));
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<std::vector<RoomRef>> list_rooms(store::Store& store) {
  std::vector<RoomRef> out;
  OG_TRY(store.read([&](store::Tx& tx) -> Status {
    out.clear();
    struct Place {
      std::string code, name, street;
    };
    std::map<std::int64_t, Place> places;
    OG_ASSIGN(auto cs, tx.query("SELECT c.id, c.code, c.name, s.name FROM org_unit c JOIN "
                                "org_unit s ON s.id = c.parent_id WHERE c.kind = 'community'"));
    for (const auto& r : cs) places[r.i64(0)] = {r.text(1), r.text(2), r.text(3)};
    OG_ASSIGN(auto rows, tx.query("SELECT r.id, r.full_name, r.match_key, f.number, "
                                  "r.community_id, r.grid_id FROM address r JOIN address f ON "
                                  "f.id = r.parent_id WHERE r.level = 'room' AND r.active = 1 "
                                  "ORDER BY r.id"));
    out.reserve(rows.size());
    for (const auto& r : rows) {
      RoomRef room;
      room.id = r.i64(0);
      room.full_name = r.text(1);
      const std::string key = r.text(2);  // estate|building|unit|room
      const auto a = key.find('|'), b = key.find('|', a + 1), c = key.find('|', b + 1);
      if (a == std::string::npos || b == std::string::npos || c == std::string::npos) continue;
      room.estate = key.substr(0, a);
      room.building = std::atoi(key.c_str() + a + 1);
      room.unit = std::atoi(key.c_str() + b + 1);
      room.room = key.substr(c + 1);
      room.floor = static_cast<int>(r.i64(3));
      room.community_id = r.i64(4);
      room.grid_id = r.i64(5);
      if (auto it = places.find(room.community_id); it != places.end()) {
        room.community_code = it->second.code;
        room.community_name = it->second.name;
        room.street_name = it->second.street;
      }
      out.push_back(std::move(room));
    }
    return ok_status();
  }));
  return out;
}

}  // namespace onegrid::demo
