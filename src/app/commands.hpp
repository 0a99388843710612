#pragma once
// The sub-commands of `onegrid`; each returns the process exit code.

#include <string>

#include "app/config.hpp"

namespace onegrid::app {

struct UserArgs {
  std::string username, display_name, role, org_code, password;
};

int cmd_serve(const Config& cfg);
int cmd_migrate(const Config& cfg);
int cmd_seed(const Config& cfg, int scale, int events);
int cmd_user_create(const Config& cfg, UserArgs args);
int cmd_user_reset(const Config& cfg, UserArgs args);
int cmd_user_grant(const Config& cfg, const UserArgs& args);
int cmd_audit_purge(const Config& cfg);
int cmd_check(const Config& cfg);
int cmd_kpi_rollup(const Config& cfg, bool full);
void print_demo_accounts();

}  // namespace onegrid::app
