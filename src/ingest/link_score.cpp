// Pairwise merge scoring; see link_score.hpp.
#include "ingest/link_score.hpp"

#include <unordered_map>
#include <vector>

#include "ingest/delimited.hpp"

namespace onegrid::ingest {
namespace {

struct PairHash {
  std::size_t operator()(const std::pair<std::string, std::string>& p) const {
    return std::hash<std::string>()(p.first) * 31 + std::hash<std::string>()(p.second);
  }
};

std::int64_t pairs(std::int64_t n) {
  return n * (n - 1) / 2;
}

// record (source, key) -> cluster label, from a three-column CSV.
Result<std::unordered_map<std::pair<std::string, std::string>, std::string, PairHash>> read(
    std::string_view csv, const char* what) {
  std::unordered_map<std::pair<std::string, std::string>, std::string, PairHash> out;
  Status bad = ok_status();
  std::size_t singles = 0;
  OG_TRY(for_each_row(csv, ',', [&](std::size_t i, std::span<const std::string> f) {
    if (i == 0) return true;
    if (f.size() < 3) {
      bad = invalid_input("score.format", std::string(what) + ": rows need three columns");
      return false;
    }
    std::string label = f[2].empty() ? "~single" + std::to_string(++singles) : f[2];
    out[{f[0], f[1]}] = std::move(label);
    return true;
  }));
  OG_TRY(bad);
  return out;
}

}  // namespace

Result<LinkScore> score_links(std::string_view truth_csv, std::string_view links_csv) {
  if (links_csv.starts_with("\xEF\xBB\xBF")) links_csv.remove_prefix(3);
  OG_ASSIGN(auto truth, read(truth_csv, "truth"));
  OG_ASSIGN(auto links, read(links_csv, "links"));
  std::unordered_map<std::string, std::int64_t> by_truth, by_link;
  std::unordered_map<std::string, std::int64_t> by_both;
  LinkScore s;
  for (const auto& [record, t] : truth) {
    auto it = links.find(record);
    if (it == links.end()) continue;
    ++s.records;
    ++by_truth[t];
    ++by_link[it->second];
    ++by_both[t + '\x1f' + it->second];
  }
  for (const auto& [k, n] : by_truth) s.true_pairs += pairs(n);
  for (const auto& [k, n] : by_link) s.found_pairs += pairs(n);
  for (const auto& [k, n] : by_both) s.correct_pairs += pairs(n);
  s.precision = s.found_pairs ? double(s.correct_pairs) / double(s.found_pairs) : 1.0;
  s.recall = s.true_pairs ? double(s.correct_pairs) / double(s.true_pairs) : 1.0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace onegrid::ingest
