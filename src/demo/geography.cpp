#include "demo/geography.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace onegrid::demo {

using org::geo::Area;
using org::geo::LonLat;
using org::geo::Polygon;
using org::geo::Ring;

namespace {

struct Name {
  std::string_view zh;
  std::string_view en;
};

// Streets (街道) of Chaoyang, starting around Wangjing; further streets are numbered.
constexpr std::array<Name, 24> kStreets{{
    {"望京", "Wangjing"},      {"花家地", "Huajiadi"},     {"酒仙桥", "Jiuxianqiao"},
    {"将台", "Jiangtai"},      {"东湖", "Donghu"},         {"南湖", "Nanhu"},
    {"麦子店", "Maizidian"},   {"左家庄", "Zuojiazhuang"}, {"亚运村", "Yayuncun"},
    {"小关", "Xiaoguan"},      {"安贞", "Anzhen"},         {"和平街", "Hepingjie"},
    {"香河园", "Xiangheyuan"}, {"三里屯", "Sanlitun"},     {"团结湖", "Tuanjiehu"},
    {"呼家楼", "Hujialou"},    {"八里庄", "Balizhuang"},   {"六里屯", "Liulitun"},
    {"劲松", "Jinsong"},       {"潘家园", "Panjiayuan"},   {"双井", "Shuangjing"},
    {"垡头", "Fatou"},         {"大屯", "Datun"},          {"奥运村", "Aoyuncun"},
}};

// Community name endings, three per street, cycling: 望京西园, 花家地西里, 酒仙桥二街坊 ...
constexpr std::array<std::array<Name, 3>, 6> kCommunitySuffixes{{
    {{{"西园", "Xiyuan"}, {"东园", "Dongyuan"}, {"花园", "Huayuan"}}},
    {{{"西里", "Xili"}, {"北里", "Beili"}, {"南里", "Nanli"}}},
    {{{"二街坊", "Erjiefang"}, {"三街坊", "Sanjiefang"}, {"十街坊", "Shijiefang"}}},
    {{{"西路", "Xilu"}, {"北里", "Beili"}, {"东里", "Dongli"}}},
    {{{"北里", "Beili"}, {"南里", "Nanli"}, {"中街", "Zhongjie"}}},
    {{{"东园", "Dongyuan"}, {"西园", "Xiyuan"}, {"中园", "Zhongyuan"}}},
}};

constexpr double kCentreLon = 116.48;
constexpr double kCentreLat = 39.99;
constexpr double kCellX = 280.0;  // metres
constexpr double kCellY = 260.0;
constexpr double kJitter = 0.18;  // of a cell, so every cell stays a convex quadrilateral
constexpr int kStreetCols = 5;    // cells per street block
constexpr int kStreetRows = 4;
constexpr int kStreetsPerRow = 3;

// A rectangle of lattice cells: columns [c0, c1), rows [r0, r1), row 0 in the south.
struct Block {
  int c0, r0, c1, r1;
};

// Communities inside a street block: 3×2 (6 grids), 3×2 (6 grids), 2×4 (8 grids).
constexpr std::array<Block, 3> kCommunityBlocks{{{0, 2, 3, 4}, {0, 0, 3, 2}, {3, 0, 5, 4}}};

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))),
                     '0') +
         s;
}

// Deterministic pseudo-random number in [-1, 1) for a lattice vertex (splitmix64).
double jitter(int i, int j, std::uint64_t salt) {
  std::uint64_t z = (static_cast<std::uint64_t>(i) << 32) ^ static_cast<std::uint64_t>(j) ^
                    (salt * 0x9e3779b97f4a7c15ULL);
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-52 - 1.0;
}

double round7(double degrees) {
  return std::round(degrees * 1e7) / 1e7;
}

// Every boundary is a walk along this one table of vertices, so neighbours share edges exactly.
class Lattice {
 public:
  Lattice(int cols, int rows) : cols_(cols), rows_(rows) {
    const org::geo::MetresPerDegree k = org::geo::metres_per_degree(kCentreLat);
    vertices_.reserve(static_cast<std::size_t>((cols + 1) * (rows + 1)));
    for (int j = 0; j <= rows; ++j) {
      for (int i = 0; i <= cols; ++i) {
        const double x = (i - cols / 2.0 + kJitter * jitter(i, j, 1)) * kCellX;
        const double y = (j - rows / 2.0 + kJitter * jitter(i, j, 2)) * kCellY;
        vertices_.push_back(LonLat{round7(kCentreLon + x / k.lon), round7(kCentreLat + y / k.lat)});
      }
    }
  }

  // The block's outline, counter-clockwise, through every lattice vertex on it, closed.
  Area outline(Block b) const {
    Ring ring;
    for (int i = b.c0; i < b.c1; ++i) ring.push_back(at(i, b.r0));
    for (int j = b.r0; j < b.r1; ++j) ring.push_back(at(b.c1, j));
    for (int i = b.c1; i > b.c0; --i) ring.push_back(at(i, b.r1));
    for (int j = b.r1; j > b.r0; --j) ring.push_back(at(b.c0, j));
    ring.push_back(ring.front());
    return Area{{Polygon{std::move(ring), {}}}};
  }

 private:
  LonLat at(int i, int j) const { return vertices_[static_cast<std::size_t>(j * (cols_ + 1) + i)]; }
  int cols_, rows_;
  std::vector<LonLat> vertices_;
};

Name street_name(int index, std::string& zh_storage, std::string& en_storage) {
  if (index < static_cast<int>(kStreets.size())) return kStreets[static_cast<std::size_t>(index)];
  zh_storage = "朝阳第" + std::to_string(index + 1);
  en_storage = "Chaoyang No. " + std::to_string(index + 1);
  return Name{zh_storage, en_storage};
}

}  // namespace

DemoGeography make_demo_geography(int scale) {
  scale = std::max(scale, 1);
  const int streets = 3 * scale;
  const int block_rows = (streets + kStreetsPerRow - 1) / kStreetsPerRow;
  const Lattice lattice(kStreetsPerRow * kStreetCols, block_rows * kStreetRows);

  DemoGeography geo;
  const std::string district = "110105";
  geo.units.push_back(DemoUnit{
      district, "朝阳区", "Chaoyang District", "district", "",
      lattice.outline(Block{0, 0, kStreetsPerRow * kStreetCols, block_rows * kStreetRows})});
  for (int s = 0; s < streets; ++s) {
    std::string zh_storage, en_storage;
    const Name street = street_name(s, zh_storage, en_storage);
    // Street blocks run west to east, then row by row from the north.
    const int c0 = (s % kStreetsPerRow) * kStreetCols;
    const int r0 = (block_rows - 1 - s / kStreetsPerRow) * kStreetRows;
    const std::string street_code = district + "-" + pad(s + 1, 3);
    geo.units.push_back(DemoUnit{
        street_code, std::string(street.zh) + "街道", std::string(street.en) + " Subdistrict",
        "street", district, lattice.outline(Block{c0, r0, c0 + kStreetCols, r0 + kStreetRows})});
    const auto& suffixes =
        kCommunitySuffixes[static_cast<std::size_t>(s) % kCommunitySuffixes.size()];
    for (int c = 0; c < 3; ++c) {
      const Block cb = kCommunityBlocks[static_cast<std::size_t>(c)];
      const Name suffix = suffixes[static_cast<std::size_t>(c)];
      const std::string short_zh = std::string(street.zh) + std::string(suffix.zh);
      const std::string short_en = std::string(street.en) + " " + std::string(suffix.en);
      const std::string community_code = street_code + "-" + pad(c + 1, 3);
      geo.units.push_back(DemoUnit{
          community_code, short_zh + "社区", short_en + " Community", "community", street_code,
          lattice.outline(Block{c0 + cb.c0, r0 + cb.r0, c0 + cb.c1, r0 + cb.r1})});
      // Grids numbered row by row from the north-west corner.
      int n = 0;
      for (int j = cb.r1 - 1; j >= cb.r0; --j) {
        for (int i = cb.c0; i < cb.c1; ++i) {
          ++n;
          geo.units.push_back(DemoUnit{
              community_code + "-" + pad(n, 2), short_zh + "第" + std::to_string(n) + "网格",
              short_en + " Grid " + std::to_string(n), "grid", community_code,
              lattice.outline(Block{c0 + i, r0 + j, c0 + i + 1, r0 + j + 1})});
        }
      }
    }
  }
  return geo;
}

}  // namespace onegrid::demo
