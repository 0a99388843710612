// An import's transaction shared by its writer and its row loop (ingest/shared_tx.hpp), on real
// stores: work the loop posts runs on the writer's thread, in order and before any statement the
// loop runs itself; a failure of posted work reaches the loop and the writer, and later posts
// are refused.

#include <thread>

#include "ingest/shared_tx.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

using ingest::SharedTx;

class SharedTxTest : public StoreTest {};

TEST_P(SharedTxTest, PostedWritesRunFirstAndInOrder) {
  std::vector<std::int64_t> counts;
  std::vector<std::int64_t> last;
  auto st = store_->write([&](Tx& tx) -> Status {
    OG_TRY(tx.exec("CREATE TABLE shared_t (n BIGINT NOT NULL)"));
    SharedTx shared(tx, 2);
    Status loop = ok_status();
    const auto writer = std::this_thread::get_id();
    bool ran_on_writer = true;
    std::thread x([&] {
      for (long long i = 0; i < 40 && loop; ++i) {
        loop = shared.post([&, i](Tx& t) -> Status {
          ran_on_writer = ran_on_writer && std::this_thread::get_id() == writer;
          OG_TRY(t.exec("INSERT INTO shared_t (n) VALUES (?)", {i}));
          return ok_status();
        });
        if (!loop) break;
        auto r = shared.query_one("SELECT COUNT(*), MAX(n) FROM shared_t");
        if (!r) {
          loop = r.error();
          break;
        }
        counts.push_back((*r)->i64(0));
        last.push_back((*r)->i64(1));
      }
      shared.close();
    });
    Status served = shared.serve();
    x.join();
    EXPECT_TRUE(ran_on_writer) << "posted work runs on the transaction's own thread";
    OG_TRY(loop);
    return served;
  });
  ASSERT_TRUE(st) << describe(st.error());
  ASSERT_EQ(counts.size(), 40u);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    EXPECT_EQ(counts[i], static_cast<std::int64_t>(i + 1)) << "the loop sees what it posted";
    EXPECT_EQ(last[i], static_cast<std::int64_t>(i));
  }
}

TEST_P(SharedTxTest, AFailureOfPostedWorkStopsEverything) {
  Status loop = ok_status(), later = ok_status();
  auto st = store_->write([&](Tx& tx) -> Status {
    SharedTx shared(tx);
    std::thread x([&] {
      (void)shared.post([](Tx& t) -> Status {
        OG_TRY(t.exec("INSERT INTO no_such_table (n) VALUES (1)"));
        return ok_status();
      });
      auto r = shared.query("SELECT 1");
      loop = r ? ok_status() : Status(r.error());
      later = shared.post([](Tx&) -> Status { return ok_status(); });
      shared.close();
    });
    Status served = shared.serve();
    x.join();
    return served;
  });
  ASSERT_FALSE(st) << "the writer's serve() returns the failure, so the transaction rolls back";
  EXPECT_FALSE(loop) << "the loop's next statement gets it too";
  EXPECT_FALSE(later) << "and nothing more is accepted";
}

INSTANTIATE_TEST_SUITE_P(Drivers, SharedTxTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace onegrid::store::testing
