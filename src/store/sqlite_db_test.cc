#include "store/sqlite_db.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace probex::store {
namespace {

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("probex_sqlite_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteDbTest, StoresAndReadsTypedColumnsAcrossReopen) {
  {
    auto db = SqliteDb::Open(path_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v INTEGER)").ok());
    auto insert = (*db)->Prepare("INSERT INTO t (name, v) VALUES (?, ?)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, std::string_view("alpha")).Bind(2, std::int64_t{INT64_MAX});
    ASSERT_TRUE(insert->Run().ok());
    insert->Reset();
    insert->Bind(1, std::string_view("beta")).BindNull(2);
    ASSERT_TRUE(insert->Run().ok());
    EXPECT_EQ((*db)->LastInsertRowId(), 2);
  }
  auto db = SqliteDb::Open(path_);
  ASSERT_TRUE(db.ok());
  auto select = (*db)->Prepare("SELECT id, name, v FROM t ORDER BY id");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(1), "alpha");
  EXPECT_EQ(select->ColumnInt64(2), INT64_MAX);
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(1), "beta");
  EXPECT_FALSE(select->ColumnOptionalInt64(2).has_value());
  EXPECT_FALSE(*select->Step());
  auto mode = (*db)->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
}

TEST_F(SqliteDbTest, UncommittedTransactionsRollBack) {
  auto db = SqliteDb::Open(path_);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t (v INTEGER)").ok());
  {
    auto tx = (*db)->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES (1)").ok());
  }
  {
    auto tx = (*db)->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx->Commit().ok());
    EXPECT_FALSE(tx->Commit().ok());
  }
  auto count = (*db)->Prepare("SELECT group_concat(v) FROM t");
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->ColumnText(0), "2");
}

TEST_F(SqliteDbTest, ErrorsAreValues) {
  auto db = SqliteDb::Open(path_);
  ASSERT_TRUE(db.ok());
  auto bad = (*db)->Prepare("SELEC nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "sqlite_error");
  EXPECT_FALSE((*db)->Exec("INSERT INTO missing VALUES (1)").ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE u (k TEXT PRIMARY KEY)").ok());
  auto ins = (*db)->Prepare("INSERT INTO u VALUES (?)");
  ins->Bind(1, std::string_view("x"));
  ASSERT_TRUE(ins->Run().ok());
  ins->Reset();
  ins->Bind(1, std::string_view("x"));
  EXPECT_FALSE(ins->Run().ok());
  EXPECT_FALSE(SqliteDb::Open((dir_ / "no/such/dir/x.db").string()).ok());
}

}  // namespace
}  // namespace probex::store
