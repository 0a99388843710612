#include "demo/names.hpp"

#include <array>
#include <utility>

namespace onegrid::demo {
namespace {

using P = std::pair<const char*, const char*>;
// The commonest surnames, roughly in order of frequency.
constexpr std::array<P, 32> kSurnames{{
    {"王", "wang"},  {"李", "li"},   {"张", "zhang"}, {"刘", "liu"},  {"陈", "chen"},
    {"杨", "yang"},  {"赵", "zhao"}, {"黄", "huang"}, {"周", "zhou"}, {"吴", "wu"},
    {"徐", "xu"},    {"孙", "sun"},  {"胡", "hu"},    {"朱", "zhu"},  {"高", "gao"},
    {"林", "lin"},   {"何", "he"},   {"郭", "guo"},   {"马", "ma"},   {"罗", "luo"},
    {"梁", "liang"}, {"宋", "song"}, {"郑", "zheng"}, {"谢", "xie"},  {"韩", "han"},
    {"唐", "tang"},  {"冯", "feng"}, {"于", "yu"},    {"董", "dong"}, {"萧", "xiao"},
    {"程", "cheng"}, {"曹", "cao"},
}};
constexpr std::array<P, 48> kGiven{{
    {"伟", "wei"},        {"芳", "fang"},       {"娜", "na"},        {"秀英", "xiuying"},
    {"敏", "min"},        {"静", "jing"},       {"丽", "li"},        {"强", "qiang"},
    {"磊", "lei"},        {"军", "jun"},        {"洋", "yang"},      {"勇", "yong"},
    {"艳", "yan"},        {"杰", "jie"},        {"娟", "juan"},      {"涛", "tao"},
    {"明", "ming"},       {"超", "chao"},       {"秀兰", "xiulan"},  {"霞", "xia"},
    {"平", "ping"},       {"刚", "gang"},       {"桂英", "guiying"}, {"建华", "jianhua"},
    {"建国", "jianguo"},  {"志强", "zhiqiang"}, {"海燕", "haiyan"},  {"晓东", "xiaodong"},
    {"丽华", "lihua"},    {"玉兰", "yulan"},    {"淑珍", "shuzhen"}, {"国庆", "guoqing"},
    {"文博", "wenbo"},    {"子涵", "zihan"},    {"思远", "siyuan"},  {"雨萱", "yuxuan"},
    {"浩然", "haoran"},   {"欣怡", "xinyi"},    {"宇航", "yuhang"},  {"梓轩", "zixuan"},
    {"春梅", "chunmei"},  {"红霞", "hongxia"},  {"德胜", "desheng"}, {"永康", "yongkang"},
    {"凤英", "fengying"}, {"振华", "zhenhua"},  {"美玲", "meiling"}, {"嘉怡", "jiayi"},
}};

}  // namespace

PersonName person_name(std::uint32_t n) {
  // Walk surnames and given names with co-prime strides so neighbours differ.
  const auto& s = kSurnames[(n * 7u) % kSurnames.size()];
  const auto& g = kGiven[(n * 11u + n / kSurnames.size()) % kGiven.size()];
  PersonName p;
  p.display = std::string(s.first) + g.first;
  p.username = std::string(s.second) + g.second + std::to_string(n);
  return p;
}

}  // namespace onegrid::demo
