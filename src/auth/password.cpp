#include "auth/password.hpp"

#include <sodium.h>

#include <semaphore>
#include <set>
#include <unordered_set>
#include <vector>

#include "auth/sodium.hpp"
#include "base/embedded.hpp"

namespace onegrid::auth {

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// Splits UTF-8 text into code points (a lead byte plus its continuation bytes). Input that is not
// valid UTF-8 still splits deterministically, so the policy never fails on it.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      out.push_back(s.substr(start, i - start));
      start = i;
    }
  }
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit_or_punct(char c) {
  return static_cast<unsigned char>(c) < 0x80 && !is_ascii_letter(c);
}
bool is_ascii_punct(char c) {
  return is_digit_or_punct(c) && !(c >= '0' && c <= '9');
}

template <class Pred>
std::string_view strip(std::string_view s, Pred strip_it) {
  while (!s.empty() && strip_it(s.front())) s.remove_prefix(1);
  while (!s.empty() && strip_it(s.back())) s.remove_suffix(1);
  return s;
}

// The embedded blocklist, lower-cased, built once.
const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> s;
    std::string_view data = embedded::find("common_passwords.txt").value_or("");
    while (!data.empty()) {
      const std::size_t nl = data.find('\n');
      std::string_view line = data.substr(0, nl);
      data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (!line.empty()) s.insert(ascii_lower(line));
    }
    return s;
  }();
  return set;
}

// A password is common when it is on the list, or when its core is: the password with
// punctuation and spaces stripped from both ends ("woaini1314!!" -> "woaini1314"), or with digits
// stripped too ("Password1234!" -> "password"). Cores under 4 characters are not looked up.
bool is_common(std::string_view password) {
  const auto& list = common_passwords();
  const std::string lower = ascii_lower(password);
  if (list.count(lower)) return true;
  for (std::string_view core : {strip(lower, is_ascii_punct), strip(lower, is_digit_or_punct)})
    if (core.size() >= 4 && core.size() != lower.size() && list.count(std::string(core)))
      return true;
  return false;
}

Error policy_error(std::string code, std::string message) {
  return invalid_input(std::move(code), std::move(message), "password");
}

// Argon2id takes kPasswordMemLimit of memory per hash: however many requests arrive at once
// (the server runs writes such as logins on a pool of many threads), at most this many hashes
// run together, so a burst of logins cannot take gigabytes.
std::counting_semaphore<4>& hashing_slots() {
  static std::counting_semaphore<4> slots(4);
  return slots;
}

// Holds one hashing slot while it lives.
class HashingSlot {
 public:
  HashingSlot() { hashing_slots().acquire(); }
  ~HashingSlot() { hashing_slots().release(); }
  HashingSlot(const HashingSlot&) = delete;
  HashingSlot& operator=(const HashingSlot&) = delete;
};

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  HashingSlot slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPasswordOpsLimit,
                            kPasswordMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return internal_error("password.hash_failed", "Argon2id hashing failed (out of memory?)");
  return std::string(out);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  ensure_sodium();
  if (!encoded.starts_with(kArgon2idPrefix) && !encoded.starts_with("$argon2i$")) return false;
  if (encoded.size() >= crypto_pwhash_STRBYTES) return false;
  if (encoded.find('\0') != std::string_view::npos) return false;
  const std::string str(encoded);  // sodium wants a NUL-terminated string
  HashingSlot slot;
  return crypto_pwhash_str_verify(str.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view encoded) {
  ensure_sodium();
  if (!encoded.starts_with(kArgon2idPrefix) || encoded.size() >= crypto_pwhash_STRBYTES ||
      encoded.find('\0') != std::string_view::npos)
    return true;
  const std::string str(encoded);
  return crypto_pwhash_str_needs_rehash(str.c_str(), kPasswordOpsLimit, kPasswordMemLimit) != 0;
}

Status check_password_policy(std::string_view password, std::string_view username) {
  const auto chars = code_points(password);
  if (chars.size() < kPasswordMinChars)
    return policy_error("password.too_short", "the password must have at least 12 characters");
  if (chars.size() > kPasswordMaxChars)
    return policy_error("password.too_long", "the password must have at most 128 characters");
  const std::set<std::string_view> distinct(chars.begin(), chars.end());
  if (distinct.size() < 4)
    return policy_error("password.repetitive", "the password repeats too few different characters");
  if (is_common(password))
    return policy_error("password.common", "the password is on the list of common passwords");
  if (code_points(username).size() >= 3 &&
      ascii_lower(password).find(ascii_lower(username)) != std::string::npos)
    return policy_error("password.contains_username", "the password must not contain the username");
  return ok_status();
}

}  // namespace onegrid::auth
