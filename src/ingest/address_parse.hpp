#pragma once
// Free-text addresses as departments write them, parsed into standard-address parts:
//   "北京市朝阳区望京街道花家地西里社区花家地西里5号楼2单元301室"
//   "花家地西里5号楼2单元301", "花家地西里5-2-301", "花家地西里5栋2门301", "5号楼2门301室"
// -> estate 花家地西里, building 5, unit 2, room "301" (floor 3). Pure.

#include <optional>
#include <string>
#include <string_view>

namespace onegrid::ingest {

struct ParsedAddress {
  std::string estate;  // 小区 name without prefixes and a trailing "小区"; may be empty
  std::optional<int> building;  // 楼/号楼/栋/幢/座 number
  std::optional<int> unit;      // 单元/门 number
  std::optional<int> floor;     // explicit 层, else derived from the room number
  std::string room;             // "301", "1502", "B1-01"; empty if none
  bool complete() const { return !estate.empty() && building && room.size() > 0; }
};

// Chinese numerals (五号楼, 二单元, 十二层) are read too. Never fails: what cannot be read stays
// empty.
ParsedAddress parse_address(std::string_view text);

// A key that two spellings of one room share: "花家地西里|5|2|301" (unit 0 when absent).
std::string address_key(const ParsedAddress& a);

}  // namespace onegrid::ingest
