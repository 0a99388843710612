// Argon2id hashing round trips and the password policy's stable codes.
#include "auth/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace onegrid::auth {
namespace {

std::string policy_code(std::string_view password, std::string_view username = "zhangwei") {
  Status s = check_password_policy(password, username);
  if (s) return "ok";
  EXPECT_EQ(s.error().kind, ErrorKind::invalid);
  EXPECT_EQ(s.error().field, "password");
  return s.error().code;
}

std::string repeat(std::string_view unit, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

TEST(PasswordHash, RoundTripAndWrongPassword) {
  auto h = hash_password("correct horse battery staple");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(verify_password(*h, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*h, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(*h, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(*h, ""));
  EXPECT_FALSE(needs_rehash(*h));
}

TEST(PasswordHash, EncodedIsArgon2idWithCurrentLimits) {
  auto h = hash_password("社区治理共建共治共享平台好");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "社区治理共建共治共享平台好"));
  auto again = hash_password("社区治理共建共治共享平台好");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*h, *again) << "each hash has its own salt";
}

TEST(PasswordHash, MalformedEncodedNeverVerifies) {
  EXPECT_FALSE(verify_password("", "anything-at-all"));
  EXPECT_FALSE(verify_password("plaintext", "plaintext"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=19456,t=2,p=1$garbage", "x"));
  EXPECT_FALSE(verify_password(std::string(1000, '$'), "x"));
  EXPECT_FALSE(verify_password(std::string("$argon2id$\0tail", 15), "x"));
}

TEST(PasswordHash, NeedsRehashForOtherParameters) {
  EXPECT_TRUE(needs_rehash(""));
  EXPECT_TRUE(needs_rehash("$2y$10$abcdefghijklmnopqrstuv"));  // bcrypt
  // a real Argon2id hash made with weaker parameters (8 MiB, 1 pass) still verifies
  ASSERT_EQ(sodium_init() >= 0, true);
  char weak[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(weak, "old-password-1", 14, 1, 8 * 1024 * 1024,
                                  crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(verify_password(weak, "old-password-1"));
  EXPECT_TRUE(needs_rehash(weak));
}

TEST(PasswordPolicy, LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(policy_code("社区治理共建共治共享平台好"), "ok");  // 13 code points, 39 bytes
  EXPECT_EQ(policy_code("社区治理共建共治共享平"), "password.too_short");  // 11, 33 bytes
  EXPECT_EQ(policy_code("Tr0ub4dor&3x"), "ok");                            // exactly 12
  EXPECT_EQ(policy_code("Tr0ub4dor&3"), "password.too_short");
  EXPECT_EQ(policy_code(""), "password.too_short");
  const std::string han128 = repeat("网格员社区治理共建共享平台好居民", 8);
  ASSERT_EQ(han128.size(), 128u * 3);
  EXPECT_EQ(policy_code(han128), "ok");
  EXPECT_EQ(policy_code(han128 + "好"), "password.too_long");
  EXPECT_EQ(policy_code(repeat("abcdefgh", 16)), "ok");  // 128 ASCII
  EXPECT_EQ(policy_code(repeat("abcdefgh", 16) + "x"), "password.too_long");
}

TEST(PasswordPolicy, CommonPasswordsCaseInsensitiveAndWithDecoration) {
  EXPECT_EQ(policy_code("password1234"), "password.common");  // on the list as is
  EXPECT_EQ(policy_code("PassWord1234"), "password.common");
  EXPECT_EQ(policy_code("password1234!"), "password.common");
  EXPECT_EQ(policy_code("Password!!2024"), "password.common");   // core "password"
  EXPECT_EQ(policy_code("2024-Sunshine!!"), "password.common");  // core "sunshine"
  EXPECT_EQ(policy_code("QWERTYUIOP123"), "password.common");
  EXPECT_EQ(policy_code("woaini1314!!"), "password.common");
  EXPECT_EQ(policy_code("sunshine and rain"), "ok");  // a word inside a phrase is fine
  EXPECT_EQ(policy_code("grid-patrol-2024"), "ok");
}

TEST(PasswordPolicy, ContainsUsername) {
  EXPECT_EQ(policy_code("my-ZhangWei-secret", "zhangwei"), "password.contains_username");
  EXPECT_EQ(policy_code("gridworker-secret", "GridWorker"), "password.contains_username");
  EXPECT_EQ(policy_code("wang-is-my-friend", "wang"), "password.contains_username");
  EXPECT_EQ(policy_code("li-is-my-friend!", "li"), "ok");  // usernames under 3 chars are ignored
  EXPECT_EQ(policy_code("我是王小明的好朋友呀朋友们", "王小明"), "password.contains_username");
  EXPECT_EQ(policy_code("quiet river stones", ""), "ok");
}

TEST(PasswordPolicy, Repetitive) {
  EXPECT_EQ(policy_code("zzzzzzzzzzzzzz"), "password.repetitive");
  EXPECT_EQ(policy_code("abcabcabcabcabc"), "password.repetitive");  // 3 distinct
  EXPECT_EQ(policy_code("好好好好好好好好好好好好"), "password.repetitive");
  EXPECT_EQ(policy_code("abcdabcdabcd"), "ok");  // 4 distinct is enough
}

}  // namespace
}  // namespace onegrid::auth
