// The benchmark's department extracts (see people_extracts.hpp): first the persons (households
// drawn by type, each in a room, with ages, names, ID numbers and phones), then one pass per
// department file that decides who appears and with which noise. Everything is drawn from one
// splitmix64 stream per phase, so the same seed gives the same bytes.

#include "demo/people_extracts.hpp"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unordered_set>

namespace onegrid::demo {
namespace {

constexpr int kRefYear = 2026;  // "today" for ages: 2026-07-01

// ---- randomness -------------------------------------------------------------------------

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed * 0x2545f4914f6cdd1dULL + 0x1234567ULL) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double u() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return u() < p; }
  int range(int a, int b) {
    return a + static_cast<int>(next() % static_cast<std::uint64_t>(b - a + 1));
  }
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Skewed towards the front of a list: common names are commoner.
  std::size_t zipf(std::size_t n) {
    return std::min(n - 1, static_cast<std::size_t>(static_cast<double>(n) * std::pow(u(), 1.5)));
  }

 private:
  std::uint64_t s_;
};

// ---- reference tables ---------------------------------------------------------------------

struct Region {
  const char* code;
  const char* name;     // 河北省保定市竞秀区
  const char* village;  // a place below it, for hukou addresses
};
constexpr std::array<Region, 5> kBeijing{{{"110105", "北京市朝阳区", ""},
                                          {"110108", "北京市海淀区", ""},
                                          {"110101", "北京市东城区", ""},
                                          {"110102", "北京市西城区", ""},
                                          {"110106", "北京市丰台区", ""}}};
constexpr std::array<Region, 14> kProvinces{{
    {"130602", "河北省保定市竞秀区", "江城乡大激店村"},
    {"130102", "河北省石家庄市长安区", "西兴街道建设北大街"},
    {"411602", "河南省周口市川汇区", "华耀城镇李方口村"},
    {"411302", "河南省南阳市宛城区", "瓦店镇前营村"},
    {"371302", "山东省临沂市兰山区", "枣园镇大岭村"},
    {"342201", "安徽省宿州市埇桥区", "符离镇大庙村"},
    {"210102", "辽宁省沈阳市和平区", "南湖街道文化路"},
    {"230102", "黑龙江省哈尔滨市道里区", "新发镇新发村"},
    {"510104", "四川省成都市锦江区", "三圣街道红砂村"},
    {"420106", "湖北省武汉市武昌区", "白沙洲街道张家湾"},
    {"140105", "山西省太原市小店区", "北格镇张花村"},
    {"120101", "天津市和平区", "南营门街道福安大街"},
    {"320102", "江苏省南京市玄武区", "孝陵卫街道中山门大街"},
    {"131002", "河北省廊坊市安次区", "落垡镇东张务村"},
}};

struct Weighted {
  const char* s;
  int w;
};
constexpr std::array<Weighted, 40> kSurnames{{
    {"王", 72}, {"李", 70}, {"张", 66}, {"刘", 54}, {"陈", 45}, {"杨", 32}, {"赵", 22}, {"黄", 22},
    {"周", 20}, {"吴", 20}, {"徐", 16}, {"孙", 15}, {"胡", 13}, {"朱", 13}, {"高", 12}, {"林", 11},
    {"何", 11}, {"郭", 11}, {"马", 10}, {"罗", 9},  {"梁", 9},  {"宋", 8},  {"郑", 8},  {"谢", 7},
    {"韩", 7},  {"唐", 7},  {"冯", 7},  {"于", 6},  {"董", 6},  {"萧", 5},  {"程", 5},  {"曹", 5},
    {"袁", 5},  {"邓", 5},  {"许", 5},  {"傅", 4},  {"沈", 4},  {"曾", 4},  {"彭", 4},  {"吕", 4},
}};

// Given names by generation (born before 1965, 1965–1994, from 1995) and gender.
constexpr std::array<const char*, 20> kOldM{"建国", "国庆", "德胜", "振华", "建华", "志刚", "国强",
                                            "文明", "宝山", "长江", "永康", "福生", "立新", "卫东",
                                            "建军", "德明", "树林", "金山", "玉林", "世明"};
constexpr std::array<const char*, 20> kOldF{"秀英", "桂英", "玉兰", "淑珍", "凤英", "秀兰", "桂兰",
                                            "淑英", "秀珍", "玉珍", "丽华", "淑芬", "素梅", "桂芳",
                                            "秀云", "春兰", "金凤", "玉梅", "翠华", "美华"};
constexpr std::array<const char*, 28> kMidM{"伟",   "强",   "磊",   "军",   "洋",   "勇",   "杰",
                                            "涛",   "明",   "超",   "刚",   "平",   "辉",   "鹏",
                                            "斌",   "波",   "志强", "晓东", "海涛", "建平", "俊杰",
                                            "海波", "文华", "志明", "宏伟", "永刚", "晓明", "国华"};
constexpr std::array<const char*, 26> kMidF{"芳",   "娜",   "敏",   "静",   "丽",   "艳",   "娟",
                                            "霞",   "燕",   "玲",   "婷",   "洁",   "红",   "海燕",
                                            "丽娟", "春梅", "红霞", "晓燕", "丽丽", "雪梅", "秀梅",
                                            "艳红", "小红", "晓丽", "玉华", "美玲"};
constexpr std::array<const char*, 20> kYoungM{
    "子轩", "浩然", "宇航", "梓轩", "思远", "文博", "浩宇", "俊熙", "一鸣", "皓轩",
    "子墨", "宇轩", "博文", "天佑", "明轩", "睿",   "浩",   "宇",   "鑫",   "杰"};
constexpr std::array<const char*, 20> kYoungF{
    "子涵", "欣怡", "雨萱", "梓涵", "诗涵", "一诺", "可馨", "嘉怡", "思琪", "梦瑶",
    "雨欣", "语嫣", "佳怡", "紫涵", "欣妍", "婷",   "悦",   "琪",   "萌",   "瑶"};

struct Foreigner {
  const char* name;
  const char* country;
  bool male;
};
constexpr std::array<Foreigner, 10> kForeigners{{{"金敏俊", "韩国", true},
                                                 {"朴智妍", "韩国", false},
                                                 {"佐藤健", "日本", true},
                                                 {"山田花子", "日本", false},
                                                 {"约翰·史密斯", "美国", true},
                                                 {"玛丽亚·加西亚", "西班牙", false},
                                                 {"阮文雄", "越南", true},
                                                 {"安娜·伊万诺娃", "俄罗斯", false},
                                                 {"大卫·布朗", "英国", true},
                                                 {"李明浩", "韩国", true}}};

constexpr std::array<Weighted, 7> kEthnicities{{{"汉族", 940},
                                                {"回族", 20},
                                                {"满族", 20},
                                                {"蒙古族", 7},
                                                {"朝鲜族", 5},
                                                {"土家族", 4},
                                                {"壮族", 4}}};

// Same sound, another character (the commonest slips of a clerk typing from speech).
constexpr std::array<std::pair<const char*, const char*>, 34> kHomophones{{
    {"伟", "炜"}, {"伟", "玮"}, {"丽", "莉"}, {"丽", "俐"}, {"静", "婧"}, {"军", "君"},
    {"华", "桦"}, {"明", "铭"}, {"芳", "方"}, {"杰", "捷"}, {"敏", "珉"}, {"磊", "垒"},
    {"勇", "涌"}, {"涛", "韬"}, {"娟", "鹃"}, {"艳", "燕"}, {"燕", "艳"}, {"平", "萍"},
    {"刚", "钢"}, {"红", "虹"}, {"梅", "玫"}, {"英", "瑛"}, {"兰", "岚"}, {"东", "冬"},
    {"志", "智"}, {"晓", "小"}, {"子", "梓"}, {"涵", "晗"}, {"建", "健"}, {"玉", "钰"},
    {"珍", "真"}, {"张", "章"}, {"王", "汪"}, {"徐", "许"},
}};
// Looks alike: a misread handwritten form.
constexpr std::array<std::pair<const char*, const char*>, 14> kLookalikes{{
    {"王", "玉"},
    {"杨", "扬"},
    {"陈", "阵"},
    {"刘", "浏"},
    {"徐", "涂"},
    {"明", "朋"},
    {"晓", "哓"},
    {"梅", "海"},
    {"国", "图"},
    {"春", "舂"},
    {"秀", "季"},
    {"文", "丈"},
    {"宇", "字"},
    {"浩", "洁"},
}};

// ---- persons --------------------------------------------------------------------------------

enum Kind : std::uint8_t { kRegistered, kMigrant, kOverseas };
enum Tag : std::uint8_t {
  kLowIncome = 1,
  kDisabled = 2,
  kVeteran = 4,
  kVolunteer = 8,
  kPartyMember = 16
};
constexpr std::array<const char*, 9> kRelations{"本人", "配偶", "子",   "女",  "父亲",
                                                "母亲", "孙子", "孙女", "其他"};
enum Relation : std::uint8_t { kSelf, kSpouse, kSon, kDaughter, kFather, kMother, kOther = 8 };

struct Person {
  std::string name;
  std::array<char, 19> id{};     // 18-digit ID, or a passport number
  std::array<char, 12> phone{};  // 11 digits or empty
  std::int32_t room = 0;         // index into rooms
  std::int32_t hukou_room = -1;  // registered: the hukou room
  std::int32_t household = 0;
  std::int16_t year = 0;
  std::int8_t month = 1, day = 1;
  std::int16_t arrival_year = 0;
  std::int8_t arrival_month = 0, arrival_day = 0;
  bool male = true;
  std::uint8_t ethnicity = 0, relation = 0, kind = kRegistered, region = 0, tags = 0;
  std::uint8_t foreigner = 0;  // overseas: index into kForeigners
  int age() const { return kRefYear - year; }
};

struct Household {
  std::int32_t room = 0;
  std::int32_t first = 0, size = 0;  // members are persons[first, first + size)
  std::int64_t number = 0;           // 户号; 0: none (migrants)
  bool alone_elderly = false;
};

template <class T, std::size_t N>
const char* pick_weighted(Rng& rng, const std::array<T, N>& table) {
  int total = 0;
  for (const auto& t : table) total += t.w;
  int x = static_cast<int>(rng.next() % static_cast<std::uint64_t>(total));
  for (const auto& t : table) {
    if (x < t.w) return t.s;
    x -= t.w;
  }
  return table[0].s;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[static_cast<std::size_t>(m - 1)];
}

class Population {
 public:
  Population(const std::vector<RoomRef>& rooms, std::uint64_t seed) : rooms_(rooms), rng_(seed) {}

  void generate(std::int64_t count) {
    persons.reserve(static_cast<std::size_t>(count));
    ids_.reserve(static_cast<std::size_t>(count) * 2);
    phones_.reserve(static_cast<std::size_t>(count) * 2);
    std::vector<std::int32_t> order(rooms_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
    shuffle(order);
    std::size_t next_room = 0;
    while (static_cast<std::int64_t>(persons.size()) < count) {
      Household h;
      h.room = order[next_room++ % order.size()];
      h.first = static_cast<std::int32_t>(persons.size());
      make_household(h, count);
      h.size = static_cast<std::int32_t>(persons.size()) - h.first;
      if (h.size > 0) households.push_back(h);
    }
    rooms_used = std::min(next_room, order.size());
    // About 6% of the rooms stand empty; rooms beyond that are not part of this world.
    const std::size_t empty = std::min(order.size() - rooms_used, (rooms_used * 6 + 50) / 100);
    vacant.assign(order.begin() + static_cast<std::ptrdiff_t>(rooms_used),
                  order.begin() + static_cast<std::ptrdiff_t>(rooms_used + empty));
  }

  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng_.index(i)]);
  }

  std::vector<Person> persons;
  std::vector<Household> households;
  std::vector<std::int32_t> vacant;  // rooms no household lives in
  std::size_t rooms_used = 0;

 private:
  // Household types: elderly alone, elderly couple, single, couple, parents and children, three
  // generations, shared rental (weights tuned for ~20% aged 60+, ~4% 80+, ~30% migrants).
  void make_household(Household& h, std::int64_t limit) {
    const double t = rng_.u();
    const int type = t < 0.085   ? 0
                     : t < 0.235 ? 1
                     : t < 0.38  ? 2
                     : t < 0.49  ? 3
                     : t < 0.83  ? 4
                     : t < 0.95  ? 5
                                 : 6;
    static constexpr std::array<double, 7> kMigrantShare{0.02, 0.05, 0.65, 0.45, 0.3, 0.1, 0.9};
    Kind kind = rng_.chance(kMigrantShare[static_cast<std::size_t>(type)]) ? kMigrant : kRegistered;
    if (kind == kRegistered && (type == 2 || type == 3) && rng_.chance(0.04)) kind = kOverseas;
    if (kind == kRegistered)
      h.number = 110105'000'000 + static_cast<std::int64_t>(households.size());
    // 人户分离: some registered households have their hukou in another room of the district.
    const std::int32_t hukou_room = kind != kRegistered ? -1
                                    : rng_.chance(0.9)
                                        ? h.room
                                        : static_cast<std::int32_t>(rng_.index(rooms_.size()));
    const std::uint8_t region = static_cast<std::uint8_t>(rng_.index(kProvinces.size()));
    auto add = [&](int age, bool male, Relation rel, const char* surname) {
      if (static_cast<std::int64_t>(persons.size()) >= limit) return;
      add_person(h, std::clamp(age, 0, 96), male, rel, surname, kind, hukou_room, region);
    };
    auto surname = [&] { return pick_weighted(rng_, kSurnames); };
    auto around = [&](int age, int d) { return age + rng_.range(-d, d); };
    switch (type) {
      case 0: {  // elderly living alone
        h.alone_elderly = true;
        add(65 + static_cast<int>(30 * std::pow(rng_.u(), 1.3)), rng_.chance(0.35), kSelf,
            surname());
        break;
      }
      case 1: {  // elderly couple
        const int age = 60 + static_cast<int>(28 * std::pow(rng_.u(), 1.2));
        add(age, true, kSelf, surname());
        add(std::max(58, around(age - 2, 3)), false, kSpouse, surname());
        break;
      }
      case 2:  // single adult
        add(20 + static_cast<int>(25 * std::pow(rng_.u(), 1.5)), rng_.chance(0.55), kSelf,
            surname());
        break;
      case 3: {  // couple without children at home
        const int age = rng_.chance(0.7) ? rng_.range(24, 40) : rng_.range(45, 66);
        add(age, true, kSelf, surname());
        add(around(age - 2, 3), false, kSpouse, surname());
        break;
      }
      case 4:    // parents and children
      case 5: {  // three generations
        const bool gen3 = type == 5;
        const int age = gen3 ? rng_.range(30, 52) : rng_.range(28, 56);
        const char* family = surname();
        const bool wife_head = rng_.chance(0.2);
        add(wife_head ? around(age - 2, 3) : age, !wife_head, kSelf,
            wife_head ? surname() : family);
        add(wife_head ? age : around(age - 2, 3), wife_head, kSpouse,
            wife_head ? family : surname());
        const int kids = rng_.chance(0.55) ? 1 : 2;
        for (int k = 0; k < kids; ++k) {
          const bool boy = rng_.chance(0.52);
          add(rng_.range(0, std::min(gen3 ? 20 : 25, age - 22)), boy, boy ? kSon : kDaughter,
              family);
        }
        if (gen3) {
          const int father = std::min(95, age + rng_.range(24, 32));
          if (rng_.chance(0.6)) add(father, true, kFather, family);
          add(std::min(95, father - rng_.range(0, 4)), false, kMother, surname());
        }
        break;
      }
      default: {  // shared rental: unrelated young adults
        const int n = rng_.range(2, 4);
        for (int k = 0; k < n; ++k)
          add(rng_.range(20, 40), rng_.chance(0.55), k == 0 ? kSelf : kOther, surname());
        break;
      }
    }
  }

  void add_person(const Household& h, int age, bool male, Relation rel, const char* surname,
                  Kind kind, std::int32_t hukou_room, std::uint8_t region) {
    Person p;
    p.room = h.room;
    p.household = static_cast<std::int32_t>(households.size());
    p.relation = rel;
    p.kind = kind;
    p.hukou_room = kind == kRegistered ? hukou_room : -1;
    p.year = static_cast<std::int16_t>(kRefYear - age);
    p.month = static_cast<std::int8_t>(age == 0 ? rng_.range(1, 6) : rng_.range(1, 12));
    p.day = static_cast<std::int8_t>(rng_.range(1, days_in_month(p.year, p.month)));
    p.ethnicity = 0;
    const char* e = pick_weighted(rng_, kEthnicities);
    for (std::size_t i = 0; i < kEthnicities.size(); ++i)
      if (kEthnicities[i].s == e) p.ethnicity = static_cast<std::uint8_t>(i);
    if (kind == kOverseas) {
      p.foreigner = static_cast<std::uint8_t>(rng_.index(kForeigners.size()));
      p.male = kForeigners[p.foreigner].male;
      p.name = kForeigners[p.foreigner].name;
      std::snprintf(p.id.data(), p.id.size(), "%c%08d", "EGMPS"[rng_.index(5)],
                    static_cast<int>(rng_.next() % 100'000'000));
    } else {
      p.male = male;
      p.name = std::string(surname) + given_name(male, p.year);
      // Birth place: migrants their province, registered mostly Beijing.
      const Region* r = nullptr;
      if (kind == kMigrant) {
        p.region =
            rng_.chance(0.85) ? region : static_cast<std::uint8_t>(rng_.index(kProvinces.size()));
        r = &kProvinces[p.region];
      } else {
        const double x = rng_.u();
        r = x < 0.7   ? &kBeijing[0]
            : x < 0.9 ? &kBeijing[1 + rng_.index(kBeijing.size() - 1)]
                      : &kProvinces[rng_.index(kProvinces.size())];
      }
      make_id(p, r->code);
    }
    if (kind == kMigrant || kind == kOverseas) {
      const int from = std::max(2006, p.year + (age >= 18 ? 16 : 0));
      p.arrival_year = static_cast<std::int16_t>(rng_.range(std::min(from, kRefYear), kRefYear));
      p.arrival_month = static_cast<std::int8_t>(
          rng_.range(p.arrival_year == p.year ? p.month : 1, p.arrival_year == kRefYear ? 6 : 12));
      p.arrival_day =
          static_cast<std::int8_t>(rng_.range(1, days_in_month(p.arrival_year, p.arrival_month)));
    }
    if (age >= 16 && !(age >= 75 && rng_.chance(0.3))) make_phone(p);
    // Care groups (civil affairs).
    if (age >= 18) {
      if (kind == kRegistered && rng_.chance(0.03)) p.tags |= kLowIncome;
      if (male && age >= 25 && rng_.chance(0.03)) p.tags |= kVeteran;
      if (age <= 75 && rng_.chance(0.1)) p.tags |= kVolunteer;
      if (rng_.chance(age >= 60 ? 0.16 : 0.1)) p.tags |= kPartyMember;
    }
    if (age >= 5 && rng_.chance(age >= 60 ? 0.04 : 0.015)) p.tags |= kDisabled;
    persons.push_back(std::move(p));
  }

  // A third of given names are the era's common ones (skewed, so 张伟 and 王芳 repeat), the rest
  // one or two characters from the era's pools.
  std::string given_name(bool male, int year) {
    const std::size_t era = year < 1965 ? 0 : year < 1995 ? 1 : 2;
    const std::size_t g = era * 2 + (male ? 0 : 1);
    static constexpr std::array<std::string_view, 6> kFirst{
        "建国德振志文宝永福立卫树金玉世长家学庆恩", "秀桂玉淑凤素春金翠美兰月佩雅慧宝彩丽秋爱",
        "晓志海建俊文宏永国振立伟明新东红卫小家春", "丽晓海红春雪秀艳玉小美静桂亚丹晶彩慧欣文",
        "子浩宇梓思文俊一皓博天明嘉睿泽铭奕昊瑞恩", "子欣雨梓诗一可嘉思梦语佳紫若雅晓心晨芷依"};
    static constexpr std::array<std::string_view, 6> kSecond{
        "国华明民强林山生军平成才忠义祥海春财荣和", "英兰珍芬梅云华荣琴芳霞莲凤香娥琳清萍菊贞",
        "东强明涛波峰刚勇军伟杰辉斌鹏龙华平亮宇林", "娟燕红梅霞丽芳玲华敏静婷萍琳颖洁莉慧英云",
        "轩然航涵远博宇熙鸣墨文佑辰阳泽杰豪霖诚凯", "涵怡萱琪瑶欣嫣妍馨诺彤悦菲蕾琳月希宁汐雯"};
    auto ch = [&](std::string_view pool) {  // 3-byte UTF-8 characters
      return std::string(pool.substr(rng_.index(pool.size() / 3) * 3, 3));
    };
    const double x = rng_.u();
    if (x < 0.33) {
      switch (g) {
        case 0:
          return kOldM[rng_.zipf(kOldM.size())];
        case 1:
          return kOldF[rng_.zipf(kOldF.size())];
        case 2:
          return kMidM[rng_.zipf(kMidM.size())];
        case 3:
          return kMidF[rng_.zipf(kMidF.size())];
        case 4:
          return kYoungM[rng_.zipf(kYoungM.size())];
        default:
          return kYoungF[rng_.zipf(kYoungF.size())];
      }
    }
    if (x < 0.45 && era > 0) return ch(kSecond[g]);
    return ch(kFirst[g]) + ch(kSecond[g]);
  }

  // A unique, valid 18-digit number; the 17th digit is odd for men.
  void make_id(Person& p, const char* region) {
    for (;;) {
      const int seq = rng_.range(0, 99) * 10 + rng_.range(0, 4) * 2 + (p.male ? 1 : 0);
      char body[40];
      std::snprintf(body, sizeof body, "%s%04d%02d%02d%03d", region, p.year, p.month, p.day, seq);
      const std::uint64_t key = std::strtoull(body, nullptr, 10);
      if (!ids_.insert(key).second) continue;
      std::memcpy(p.id.data(), body, 17);
      p.id[17] = id_check_char(std::string_view(body, 17));
      p.id[18] = '\0';
      return;
    }
  }

  void make_phone(Person& p) {
    static constexpr std::array<int, 24> kPrefix{130, 131, 132, 133, 135, 136, 137, 138,
                                                 139, 150, 151, 152, 155, 156, 158, 159,
                                                 166, 177, 180, 185, 186, 187, 188, 199};
    for (;;) {
      const std::uint64_t n =
          static_cast<std::uint64_t>(kPrefix[rng_.index(kPrefix.size())]) * 100'000'000ULL +
          rng_.next() % 100'000'000ULL;
      if (!phones_.insert(n).second) continue;
      std::snprintf(p.phone.data(), p.phone.size(), "%llu", static_cast<unsigned long long>(n));
      return;
    }
  }

  const std::vector<RoomRef>& rooms_;
  Rng rng_;
  std::unordered_set<std::uint64_t> ids_, phones_;
};

// ---- noise and formats ------------------------------------------------------------------------

// Replaces one character of `name` found in `table` (a random eligible one); false if none.
bool substitute(Rng& rng, std::string& name, const std::pair<const char*, const char*>* table,
                std::size_t n) {
  std::array<std::pair<std::size_t, std::size_t>, 16> hits{};  // position, table index
  std::size_t count = 0;
  for (std::size_t i = 0; i < n && count < hits.size(); ++i) {
    const std::string_view from = table[i].first;
    for (auto pos = name.find(from); pos != std::string::npos && count < hits.size();
         pos = name.find(from, pos + from.size()))
      hits[count++] = {pos, i};
  }
  if (count == 0) return false;
  const auto [pos, i] = hits[rng.index(count)];
  name.replace(pos, std::strlen(table[i].first), table[i].second);
  return true;
}

// Name noise: a homophone with probability `homophone`, else a look-alike or doubled character.
std::string noisy_name(Rng& rng, const Person& p, double homophone, double typo) {
  std::string name = p.name;
  if (p.kind == kOverseas) return name;
  if (rng.chance(homophone) && substitute(rng, name, kHomophones.data(), kHomophones.size()))
    return name;
  if (rng.chance(typo) && !substitute(rng, name, kLookalikes.data(), kLookalikes.size()))
    name += name.substr(name.size() - 3);  // 张伟 → 张伟伟
  return name;
}

// One digit of the first 17 changed: the check character no longer matches.
std::string mistyped(Rng& rng, const char* id) {
  std::string s = id;
  if (s.size() != 18) return s;  // a passport number: left as it is
  const std::size_t i = rng.index(17);
  s[i] = static_cast<char>('0' + (s[i] - '0' + rng.range(1, 9)) % 10);
  return s;
}

void put_int(std::string& out, long v, int width = 0) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%0*ld", width, v);
  out += buf;
}

std::string fullwidth_digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out += static_cast<char>(0x90 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

std::string phone_variant(Rng& rng, const std::string& p) {
  const double x = rng.u();
  if (x < 0.45) return p;
  const std::string a = p.substr(0, 3), b = p.substr(3, 4), c = p.substr(7);
  if (x < 0.6) return "+86 " + a + "-" + b + "-" + c;
  if (x < 0.75) return a + " " + b + " " + c;
  if (x < 0.87) return a + "-" + b + "-" + c;
  return fullwidth_digits(p);
}

// 望京西园三区 → 望京西园3区 (the alias form), for a few writers.
std::string arabic_estate(const std::string& estate) {
  static constexpr std::array<const char*, 9> kNum{"一", "二", "三", "四", "五",
                                                   "六", "七", "八", "九"};
  for (std::size_t i = 0; i < kNum.size(); ++i) {
    const std::string tail = std::string(kNum[i]) + "区";
    if (estate.size() > tail.size() &&
        estate.compare(estate.size() - tail.size(), tail.size(), tail) == 0)
      return estate.substr(0, estate.size() - tail.size()) + std::to_string(i + 1) + "区";
  }
  return estate;
}

std::string canonical(const RoomRef& r) {
  return r.estate + std::to_string(r.building) + "号楼" + std::to_string(r.unit) + "单元" + r.room;
}
std::string official(const RoomRef& r) {
  return "北京市朝阳区" + r.street_name + r.community_name + canonical(r);
}
// How the health and civil clerks write an address.
std::string address_variant(Rng& rng, const RoomRef& r) {
  const double x = rng.u();
  const std::string b = std::to_string(r.building), u = std::to_string(r.unit);
  const std::string estate = rng.chance(0.15) ? arabic_estate(r.estate) : r.estate;
  if (x < 0.3) return estate + b + "号楼" + u + "单元" + r.room;
  if (x < 0.5) return estate + b + "-" + u + "-" + r.room;
  if (x < 0.7)
    return "北京市朝阳区" + r.street_name + r.community_name + estate + b + "号楼" + u + "门" +
           r.room + "室";
  if (x < 0.9) return estate + "小区" + b + "栋" + u + "单元" + r.room + "室";
  if (x < 0.98) return "朝阳区" + estate + b + "号楼" + u + "单元" + r.room + "号";
  return b + "号楼" + u + "单元" + r.room;  // no estate: only the review queue can place it
}

std::string hukou_address(const Person& p, const std::vector<RoomRef>& rooms) {
  if (p.kind == kOverseas) return kForeigners[p.foreigner].country;
  if (p.kind == kRegistered) return official(rooms[static_cast<std::size_t>(p.hukou_room)]);
  const Region& r = kProvinces[p.region];
  return std::string(r.name) + r.village +
         std::to_string(1 + (std::strtoul(p.id.data() + 14, nullptr, 10) % 180)) + "号";
}

const char* kind_name(const Person& p) {
  return p.kind == kRegistered ? "户籍人口" : p.kind == kMigrant ? "流动人口" : "境外人员";
}

// ---- files ------------------------------------------------------------------------------------

// A buffered output file, optionally re-encoded from UTF-8 by iconv, flushed at row ends.
class OutFile {
 public:
  ~OutFile() {
    if (f_) std::fclose(f_);
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  Status open(const std::filesystem::path& path, const char* encoding) {
    path_ = path.string();
    f_ = std::fopen(path_.c_str(), "wb");
    if (!f_) return internal_error("demo.extract_io", "cannot write " + path_);
    if (encoding) {
      cd_ = iconv_open(encoding, "UTF-8");
      if (cd_ == reinterpret_cast<iconv_t>(-1))
        return internal_error("demo.encoding", std::string("iconv has no ") + encoding);
    }
    return ok_status();
  }
  std::string& buf() { return buf_; }
  Status row_done() { return buf_.size() >= (1u << 20) ? flush() : ok_status(); }
  Status flush() {
    if (buf_.empty()) return ok_status();
    const std::string* out = &buf_;
    if (cd_ != reinterpret_cast<iconv_t>(-1)) {
      conv_.resize(buf_.size() * 2 + 16);
      char* in = buf_.data();
      std::size_t in_left = buf_.size();
      char* o = conv_.data();
      std::size_t o_left = conv_.size();
      if (iconv(cd_, &in, &in_left, &o, &o_left) == static_cast<std::size_t>(-1))
        return internal_error("demo.encoding",
                              "cannot encode a row of " + path_ + ": " + std::strerror(errno));
      conv_.resize(conv_.size() - o_left);
      out = &conv_;
    }
    if (std::fwrite(out->data(), 1, out->size(), f_) != out->size())
      return internal_error("demo.extract_io", "cannot write " + path_);
    bytes_ += static_cast<std::int64_t>(out->size());
    buf_.clear();
    return ok_status();
  }
  Status close() {
    OG_TRY(flush());
    const bool bad = std::fclose(f_) != 0;
    f_ = nullptr;
    if (bad) return internal_error("demo.extract_io", "cannot write " + path_);
    return ok_status();
  }
  std::int64_t bytes() const { return bytes_; }

 private:
  std::FILE* f_ = nullptr;
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
  std::string path_, buf_, conv_;
  std::int64_t bytes_ = 0;
};

// Appends fields joined by `sep` and a newline.
void put_row(std::string& out, char sep, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) out += sep;
    out += f;
    first = false;
  }
  out += '\n';
}

std::string date_iso(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

class Writer {
 public:
  Writer(const std::vector<RoomRef>& rooms, const Population& pop, std::uint64_t seed)
      : rooms_(rooms), pop_(pop), rng_(seed ^ 0xfeedULL) {}

  Status police(OutFile& f, OutFile& truth, std::int64_t& rows) {
    put_row(f.buf(), ',',
            {"序号", "姓名", "性别", "民族", "出生日期", "公民身份号码", "户籍地址", "现住址",
             "人员类型", "来京日期", "户号", "与户主关系", "联系电话"});
    std::string row, id, number, phone;
    for (std::size_t i = 0; i < pop_.persons.size(); ++i) {
      const Person& p = pop_.persons[i];
      if (p.kind == kMigrant && rng_.chance(0.1)) continue;  // not registered with the police
      const double x = rng_.u();
      id = x < 0.005 ? mistyped(rng_, p.id.data()) : x < 0.006 ? "" : std::string(p.id.data());
      number.clear();
      if (pop_.households[static_cast<std::size_t>(p.household)].number)
        put_int(number, pop_.households[static_cast<std::size_t>(p.household)].number);
      phone = p.phone[0] && rng_.chance(0.75) ? p.phone.data() : "";
      row.clear();
      put_row(row, ',',
              {p.name, p.male ? "男" : "女", p.kind == kOverseas ? "" : kEthnicities[p.ethnicity].s,
               date_iso(p.year, p.month, p.day), id, hukou_address(p, rooms_),
               official(rooms_[static_cast<std::size_t>(p.room)]), kind_name(p),
               p.arrival_year ? date_iso(p.arrival_year, p.arrival_month, p.arrival_day) : "",
               number, number.empty() ? "" : kRelations[p.relation], phone});
      for (int copy = 0; copy < (rng_.chance(0.01) ? 2 : 1); ++copy) {
        ++rows;
        put_int(f.buf(), rows);
        f.buf() += ',';
        f.buf() += row;
        OG_TRY(f.row_done());
        truth_row(truth, "police", std::to_string(rows), i);
        OG_TRY(truth.row_done());
      }
    }
    return ok_status();
  }

  Status civil(OutFile& f, OutFile& truth, std::int64_t& rows) {
    put_row(f.buf(), ',',
            {"编号", "姓名", "身份证号", "性别", "出生年月", "联系电话", "居住地址", "人员类别"});
    std::vector<std::int32_t> order = shuffled();
    std::string cats, key, id, birth, phone;
    for (auto i : order) {
      const Person& p = pop_.persons[static_cast<std::size_t>(i)];
      if (p.kind == kOverseas) continue;
      const auto& h = pop_.households[static_cast<std::size_t>(p.household)];
      cats.clear();
      auto cat = [&cats](const char* c) { cats += (cats.empty() ? "" : "、") + std::string(c); };
      if (p.age() >= 60 && (p.kind == kRegistered || rng_.chance(0.5))) cat("老年人");
      if (h.alone_elderly && !cats.empty()) cat("独居老人");
      if (p.tags & kLowIncome) cat("低保");
      if (p.tags & kDisabled) cat("残疾");
      if (p.tags & kVeteran) cat("退役军人");
      if (p.tags & kVolunteer) cat("志愿者");
      if (p.tags & kPartyMember) cat("党员");
      if (cats.empty()) continue;
      ++rows;
      key = "MZ";
      put_int(key, 10'000'000 + rows, 8);
      const double x = rng_.u();
      id = x < 0.05 ? "" : x < 0.07 ? mistyped(rng_, p.id.data()) : std::string(p.id.data());
      birth.clear();
      if (rng_.chance(0.5)) {
        birth = std::to_string(p.year) + "年" + std::to_string(p.month) + "月";
      } else {
        put_int(birth, p.year);
        birth += '-';
        put_int(birth, p.month, 2);
      }
      phone = civil_phone(p);
      put_row(f.buf(), ',',
              {key, noisy_name(rng_, p, 0.01, 0.003), id, p.male ? "男" : "女", birth, phone,
               civil_address(p), cats});
      OG_TRY(f.row_done());
      truth_row(truth, "civil", key, static_cast<std::size_t>(i));
      OG_TRY(truth.row_done());
    }
    return ok_status();
  }

  Status health(OutFile& f, OutFile& truth, std::int64_t& rows) {
    f.buf() += "\xEF\xBB\xBF";
    put_row(f.buf(), '\t',
            {"记录号", "名字", "证件号码", "出生日期", "手机号码", "实际居住地址", "健康标签"});
    std::vector<std::int32_t> order = shuffled();
    std::string key, id, birth, phone, tags;
    for (auto i : order) {
      const Person& p = pop_.persons[static_cast<std::size_t>(i)];
      const int age = p.age();
      if (!rng_.chance(age <= 6 || age >= 60 ? 0.95 : p.kind == kOverseas ? 0.5 : 0.72)) continue;
      ++rows;
      key = "JK";
      put_int(key, 3'000'000'000L + rows, 10);
      const double x = rng_.u();
      id = x < 0.15 ? "" : x < 0.155 ? mistyped(rng_, p.id.data()) : std::string(p.id.data());
      if (!id.empty() && id.back() == 'X' && rng_.chance(0.3)) id.back() = 'x';
      birth = health_date(p);
      phone.clear();
      if (p.phone[0] && !rng_.chance(0.12))
        phone =
            phone_variant(rng_, rng_.chance(0.03) ? stale_phone() : std::string(p.phone.data()));
      tags.clear();
      auto tag = [&tags](const char* t) { tags += (tags.empty() ? "" : "、") + std::string(t); };
      if (age <= 6) tag("0-6岁儿童");
      if (age >= 65) tag("65岁以上老年人");
      if (age >= 40 && rng_.chance(0.25)) tag("高血压");
      if (age >= 40 && rng_.chance(0.1)) tag("糖尿病");
      if (age >= 60 && rng_.chance(0.05)) tag("慢阻肺");
      if (!p.male && age >= 22 && age <= 40 && rng_.chance(0.05)) tag("孕产妇");
      if (rng_.chance(0.003)) tag("严重精神障碍");
      // A few live somewhere else by now: the clinic has their old address.
      const auto& room =
          rooms_[rng_.chance(0.02) ? rng_.index(rooms_.size()) : static_cast<std::size_t>(p.room)];
      put_row(f.buf(), '\t',
              {key, noisy_name(rng_, p, 0.03, 0.01), id, birth, phone, address_variant(rng_, room),
               tags});
      OG_TRY(f.row_done());
      truth_row(truth, "health", key, static_cast<std::size_t>(i));
      OG_TRY(truth.row_done());
    }
    return ok_status();
  }

  Status housing(OutFile& f, OutFile& truth, std::int64_t& rows) {
    put_row(
        f.buf(), ',',
        {"房屋编号", "房屋坐落", "房屋用途", "建筑面积", "产权人", "产权人证件号码", "产权人电话"});
    // Owners of rooms nobody of the household owns: registered adults aged 30+.
    std::vector<std::int32_t> owners;
    for (std::size_t i = 0; i < pop_.persons.size(); ++i)
      if (pop_.persons[i].kind == kRegistered && pop_.persons[i].age() >= 30)
        owners.push_back(static_cast<std::int32_t>(i));
    if (owners.empty()) return ok_status();
    std::vector<char> seen(rooms_.size(), 0);
    std::string key, area, id, phone;
    auto emit = [&](std::size_t room, const char* use, std::size_t owner) -> Status {
      const Person& o = pop_.persons[owner];
      ++rows;
      key = "FW";
      put_int(key, 1'000'000'000L + rows, 10);
      const std::uint64_t h = (room * 0x9e3779b97f4a7c15ULL) >> 40;
      area.clear();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", 42.0 + static_cast<double>(h % 1000) / 10.0);
      area = buf;
      if (rng_.chance(0.3)) area += "㎡";
      const double x = rng_.u();
      id = x < 0.03 ? "" : x < 0.035 ? mistyped(rng_, o.id.data()) : std::string(o.id.data());
      phone = o.phone[0] && rng_.chance(0.7) ? o.phone.data() : "";
      put_row(f.buf(), ',',
              {key, housing_address(rooms_[room]), use, area, noisy_name(rng_, o, 0.01, 0.0), id,
               phone});
      OG_TRY(f.row_done());
      truth_row(truth, "housing", key, owner);
      return truth.row_done();
    };
    for (const auto& h : pop_.households) {
      const auto room = static_cast<std::size_t>(h.room);
      if (seen[room]) continue;  // a second household in a room: the room has one row
      seen[room] = 1;
      const Person& head = pop_.persons[static_cast<std::size_t>(h.first)];
      if (head.kind == kRegistered && head.age() >= 22 && rng_.chance(0.88)) {
        // 自住: the head owns it, or the spouse
        std::size_t owner = static_cast<std::size_t>(h.first);
        if (h.size > 1 && rng_.chance(0.3) && pop_.persons[owner + 1].relation == kSpouse) ++owner;
        OG_TRY(emit(room, "自住", owner));
      } else {
        OG_TRY(emit(room, "出租", other_owner(owners, room)));
      }
    }
    for (auto v : pop_.vacant) {
      const auto room = static_cast<std::size_t>(v);
      const char* use = rooms_[room].floor == 1 && rng_.chance(0.3) ? "商用" : "空置";
      OG_TRY(emit(room, use, other_owner(owners, room)));
    }
    return ok_status();
  }

 private:
  std::size_t other_owner(const std::vector<std::int32_t>& owners, std::size_t room) {
    std::size_t o = 0;
    for (int tries = 0; tries < 16; ++tries) {
      o = static_cast<std::size_t>(owners[rng_.index(owners.size())]);
      if (static_cast<std::size_t>(pop_.persons[o].room) != room) break;
    }
    return o;
  }

  std::vector<std::int32_t> shuffled() {
    std::vector<std::int32_t> v(pop_.persons.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int32_t>(i);
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng_.index(i)]);
    return v;
  }

  void truth_row(OutFile& truth, const char* source, std::string_view key, std::size_t person) {
    std::string& b = truth.buf();
    b += source;
    b += ',';
    b += key;
    b += ',';
    put_int(b, static_cast<long>(person) + 1);
    b += '\n';
  }

  std::string civil_phone(const Person& p) {
    if (rng_.chance(0.35)) return "";
    // Elderly often give a child's number.
    const auto& h = pop_.households[static_cast<std::size_t>(p.household)];
    if (p.age() >= 70 && h.size > 1 && rng_.chance(0.3)) {
      const auto& other =
          pop_.persons[static_cast<std::size_t>(h.first + rng_.range(0, h.size - 1))];
      if (other.phone[0]) return other.phone.data();
    }
    return p.phone.data();
  }

  std::string civil_address(const Person& p) {
    const RoomRef& r = rooms_[static_cast<std::size_t>(p.room)];
    const double x = rng_.u();
    if (x < 0.5) return canonical(r);
    if (x < 0.7) return canonical(r) + "室";
    if (x < 0.85)
      return r.estate + std::to_string(r.building) + "-" + std::to_string(r.unit) + "-" + r.room;
    return "朝阳区" + r.street_name + canonical(r);
  }

  std::string housing_address(const RoomRef& r) {
    const double x = rng_.u();
    if (x < 0.5) return "朝阳区" + r.street_name + canonical(r) + "室";
    if (x < 0.8) return canonical(r);
    return r.estate + std::to_string(r.building) + "-" + std::to_string(r.unit) + "-" + r.room;
  }

  std::string health_date(const Person& p) {
    char buf[32];
    const double x = rng_.u();
    if (x < 0.02) return "";
    if (x < 0.27)
      std::snprintf(buf, sizeof buf, "%d/%d/%d", p.year, p.month, p.day);
    else if (x < 0.52)
      std::snprintf(buf, sizeof buf, "%04d%02d%02d", p.year, p.month, p.day);
    else if (x < 0.77)
      std::snprintf(buf, sizeof buf, "%d年%d月%d日", p.year, p.month, p.day);
    else
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    return buf;
  }

  std::string stale_phone() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "13%09llu",
                  static_cast<unsigned long long>(rng_.next() % 1'000'000'000ULL));
    return buf;
  }

  const std::vector<RoomRef>& rooms_;
  const Population& pop_;
  Rng rng_;
};

}  // namespace

char id_check_char(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i)
    sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

Result<PeopleExtractReport> write_people_extracts(const std::vector<RoomRef>& rooms,
                                                  const PeopleExtractOptions& options) {
  if (rooms.empty()) return invalid_input("demo.no_rooms", "no standard-address rooms to live in");
  const auto started = std::chrono::steady_clock::now();
  PeopleExtractReport report;
  Population pop(rooms, options.seed);
  pop.generate(std::max<std::int64_t>(options.persons, 0));
  report.persons = static_cast<std::int64_t>(pop.persons.size());
  report.households = static_cast<std::int64_t>(pop.households.size());
  report.rooms_used = static_cast<std::int64_t>(pop.rooms_used);
  for (const auto& p : pop.persons) {
    report.aged60 += p.age() >= 60;
    report.aged80 += p.age() >= 80;
    report.migrants += p.kind == kMigrant;
    report.overseas += p.kind == kOverseas;
  }
  for (const auto& h : pop.households) report.living_alone += h.alone_elderly;

  std::error_code ec;
  const std::filesystem::path dir(options.out_dir);
  std::filesystem::create_directories(dir, ec);
  if (ec) return internal_error("demo.extract_io", "cannot create " + options.out_dir);
  OutFile police, civil, health, housing, truth;
  OG_TRY(police.open(dir / "police.csv", nullptr));
  OG_TRY(civil.open(dir / "civil.csv", "GBK"));
  OG_TRY(health.open(dir / "health.tsv", nullptr));
  OG_TRY(housing.open(dir / "housing.csv", "GB18030"));
  OG_TRY(truth.open(dir / "truth.csv", nullptr));
  truth.buf() += "source,record_key,person_key\n";
  Writer w(rooms, pop, options.seed);
  OG_TRY(w.police(police, truth, report.police));
  OG_TRY(w.civil(civil, truth, report.civil));
  OG_TRY(w.health(health, truth, report.health));
  OG_TRY(w.housing(housing, truth, report.housing));
  report.truth = report.police + report.civil + report.health + report.housing;
  for (OutFile* f : {&police, &civil, &health, &housing, &truth}) {
    OG_TRY(f->close());
    report.bytes += f->bytes();
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace onegrid::demo
