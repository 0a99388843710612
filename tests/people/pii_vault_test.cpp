// PII vault: secretbox round trip, tamper detection, and the keyed blind index's domains.
#include "people/pii_vault.hpp"

#include <gtest/gtest.h>

namespace onegrid::people {
namespace {

std::array<unsigned char, 32> key(unsigned char fill) {
  std::array<unsigned char, 32> k{};
  k.fill(fill);
  return k;
}

TEST(PiiVault, RoundTrip) {
  const PiiVault vault(key(1), key(2));
  for (std::string_view plain : {"11010519491231002X", "13812345678", "", "张三 欧阳娜娜"}) {
    const auto sealed = vault.seal(plain);
    EXPECT_EQ(sealed.size(), 24u + 16u + plain.size());  // nonce || tag+ciphertext
    const auto opened = vault.open(sealed);
    ASSERT_TRUE(opened.ok()) << opened.error().code;
    EXPECT_EQ(*opened, plain);
  }
}

TEST(PiiVault, SealsOfOneValueDiffer) {
  const PiiVault vault(key(1), key(2));
  const auto a = vault.seal("11010519491231002X");
  const auto b = vault.seal("11010519491231002X");
  EXPECT_NE(a, b);
  EXPECT_NE(std::vector<std::uint8_t>(a.begin(), a.begin() + 24),
            std::vector<std::uint8_t>(b.begin(), b.begin() + 24))
      << "fresh nonce per seal";
}

TEST(PiiVault, TamperAndShortInputAreCorrupt) {
  const PiiVault vault(key(1), key(2));
  const auto sealed = vault.seal("13812345678");
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    auto bad = sealed;
    bad[i] ^= 0x01;
    const auto r = vault.open(bad);
    ASSERT_FALSE(r.ok()) << "flipped byte " << i;
    EXPECT_EQ(r.error().code, "pii.corrupt");
    EXPECT_EQ(r.error().kind, ErrorKind::internal);
  }
  for (std::size_t n : {0u, 1u, 24u, 39u}) {
    const auto r = vault.open(std::vector<std::uint8_t>(n, 0));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, "pii.corrupt");
  }
  auto truncated = sealed;
  truncated.pop_back();
  EXPECT_FALSE(vault.open(truncated).ok());
  // Another data key cannot open it.
  EXPECT_FALSE(PiiVault(key(9), key(2)).open(sealed).ok());
}

TEST(PiiVault, BlindIndex) {
  const PiiVault vault(key(1), key(2));
  const std::string a = vault.blind_index("id", "11010519491231002X");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_EQ(a, vault.blind_index("id", "11010519491231002X"));
  EXPECT_EQ(a, PiiVault(key(7), key(2)).blind_index("id", "11010519491231002X"))
      << "the data key does not affect the index";
  EXPECT_NE(a, vault.blind_index("id", "110105194912310021"));
  EXPECT_NE(vault.blind_index("id", "13812345678"), vault.blind_index("phone", "13812345678"));
  EXPECT_NE(vault.blind_index("id", "x1"), vault.blind_index("idx", "1")) << "kind separator";
  EXPECT_NE(a, PiiVault(key(1), key(3)).blind_index("id", "11010519491231002X"));
}

}  // namespace
}  // namespace onegrid::people
