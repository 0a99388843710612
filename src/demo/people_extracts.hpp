#pragma once
// The benchmark's department extracts (`onegrid bench-data people`): N synthetic persons in
// households living in the demo's standard-address rooms, written as four department files with
// the noise real extracts carry, plus the ground truth of which row is which person:
//   police.csv   UTF-8, ~97% of persons, 1% duplicated rows, 0.5% mistyped ID numbers
//   civil.csv    GBK, elderly and care groups (~35%), 5% missing / 2% mistyped IDs, 1950年3月
//   health.tsv   UTF-8 with BOM, TAB, ~80%, 15% missing IDs, mixed date and phone formats,
//                homophones and typos in names, address variants
//   housing.csv  GB18030, one row per occupied or owned room, owner and use
//   truth.csv    source,record_key,person_key for every data row of every file
// Deterministic for the same rooms, persons and seed; docs/register.md has the proportions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "demo/address_seed.hpp"

namespace onegrid::demo {

struct PeopleExtractOptions {
  std::int64_t persons = 10'000;
  std::string out_dir;  // created if missing
  std::uint64_t seed = 1;
};

struct PeopleExtractReport {
  std::int64_t persons = 0, households = 0, rooms_used = 0;
  std::int64_t aged60 = 0, aged80 = 0, living_alone = 0, migrants = 0, overseas = 0;
  std::int64_t police = 0, civil = 0, health = 0, housing = 0, truth = 0;  // data rows
  std::int64_t bytes = 0;                                                  // all five files
  double seconds = 0;
};

// Rooms per person the generator expects (households of ~2.6 in ~96% of the rooms); the command
// seeds at least persons × this many rooms first.
inline constexpr double kRoomsPerPerson = 0.4;

// Writes the five files into options.out_dir. Fails with demo.no_rooms when `rooms` is empty,
// demo.extract_io when a file cannot be written, demo.encoding when iconv fails.
Result<PeopleExtractReport> write_people_extracts(const std::vector<RoomRef>& rooms,
                                                  const PeopleExtractOptions& options);

// GB 11643 MOD 11-2 check character of the first 17 digits of an 18-digit ID number.
char id_check_char(std::string_view first17);

}  // namespace onegrid::demo
