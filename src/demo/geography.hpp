#pragma once
// Deterministic demo geography for `seed-demo`: 朝阳区 (110105) around 望京 / 花家地 with streets,
// communities and grids whose boundaries tile each other exactly (shared vertices, no gaps).

#include <string>
#include <vector>

#include "org/geo/area.hpp"

namespace onegrid::demo {

struct DemoUnit {
  std::string code;         // "110105", "110105-001", "110105-001-002", "110105-001-002-03"
  std::string name;         // Chinese name, e.g. 花家地西里社区
  std::string name_en;      // e.g. "Huajiadi Xili Community"
  std::string kind;         // "district" | "street" | "community" | "grid"
  std::string parent_code;  // empty for the district
  org::geo::Area boundary;  // normalised (exterior counter-clockwise)
};

struct DemoGeography {
  std::vector<DemoUnit> units;  // parents before children (depth-first)
};

// One district with 3·scale streets, 3 communities per street and 6, 6, 8 grids per community
// (60·scale grids). Streets are 5 × 4 blocks of ~280 m × 260 m jittered lattice cells; a scale
// below 1 counts as 1. The same scale always yields the same bytes.
DemoGeography make_demo_geography(int scale);

}  // namespace onegrid::demo
