// Session tokens: shape, uniqueness, keyed hashing, and the cheap shape check.
#include "auth/token.hpp"

#include <gtest/gtest.h>

#include <unordered_set>

namespace onegrid::auth {
namespace {

Keys keys_with(unsigned char fill) {
  Keys k{};
  k.session_key.fill(fill);
  k.data_key.fill(0xAA);
  k.index_key.fill(0xBB);
  return k;
}

TEST(Token, LengthAlphabetAndUniqueness) {
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    const std::string t = new_session_token();
    ASSERT_EQ(t.size(), 43u);
    ASSERT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << t;
    ASSERT_TRUE(looks_like_token(t)) << t;
    ASSERT_TRUE(seen.insert(t).second) << "duplicate token " << t;
  }
}

TEST(Token, HashIsKeyedHexAndStable) {
  const std::string t = new_session_token();
  const std::string h1 = token_hash(keys_with(1), t);
  EXPECT_EQ(h1.size(), 64u);
  EXPECT_EQ(h1.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h1, token_hash(keys_with(1), t));
  EXPECT_NE(h1, token_hash(keys_with(2), t)) << "different keys give different hashes";
  EXPECT_NE(h1, token_hash(keys_with(1), new_session_token()));
  // only the session key takes part
  Keys other = keys_with(1);
  other.data_key.fill(0);
  EXPECT_EQ(h1, token_hash(other, t));
}

TEST(Token, LooksLikeToken) {
  const std::string good(43, 'A');
  EXPECT_TRUE(looks_like_token(good));
  EXPECT_TRUE(looks_like_token("abcdefghijklmnopqrstuvwxyz-_0123456789ABCDE"));
  EXPECT_FALSE(looks_like_token(""));
  EXPECT_FALSE(looks_like_token(std::string(42, 'A')));
  EXPECT_FALSE(looks_like_token(std::string(44, 'A')));
  EXPECT_FALSE(looks_like_token(std::string(42, 'A') + "="));
  EXPECT_FALSE(looks_like_token(std::string(42, 'A') + "+"));
  EXPECT_FALSE(looks_like_token(std::string(42, 'A') + "/"));
  EXPECT_FALSE(looks_like_token(std::string(42, 'A') + " "));
  EXPECT_FALSE(looks_like_token(std::string(42, 'A') + '\0'));
  EXPECT_FALSE(looks_like_token("' OR 1=1 --AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}

TEST(Token, RandomHex) {
  EXPECT_EQ(random_hex(0), "");
  const std::string a = random_hex(16), b = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
  EXPECT_EQ(random_hex(3).size(), 6u);
}

}  // namespace
}  // namespace onegrid::auth
