// The JSON form of the registry's entities. The same form is used by federation files,
// by event payloads in the public record and by the API, so that what a user writes is
// what the record shows.
//
// Readers check structure only (required fields, types, known enum values) and name the
// offending JSON path; the rules (ids exist, names are unique...) live in decide().
#pragma once

#include "base/json.h"
#include "base/status.h"
#include "federation/constitution.h"
#include "federation/decide.h"
#include "federation/model.h"

namespace collegium::federation {

Json to_json(const Region& r);
Json to_json(const Branch& b);
Json to_json(const Workplace& w);  // without its shops
Json to_json(const Shop& s);
Json to_json(const Member& m);
Json to_json(const Body& b);

// `path` is the JSON pointer of `j` in its document, used in errors.
Result<Region> region_from_json(const Json& j, const std::string& path);
Result<Branch> branch_from_json(const Json& j, const std::string& path);
Result<Workplace> workplace_from_json(const Json& j, const std::string& path);
Result<Shop> shop_from_json(const Json& j, const std::string& path);
Result<Member> member_from_json(const Json& j, const std::string& path);
Result<Body> body_from_json(const Json& j, const std::string& path);

// A command in JSON: an object with one key naming the command ("create_region",
// "admit_member", "nominate", "cast_ballot", ...; docs/governance.md lists them all) whose
// value is its fields. Used by federation files, scenario tests and the API.
Result<Command> command_from_json(const Json& j, const std::string& path);

// Checks that `j` is an object whose keys are all in `allowed`, so that a misspelt field
// is an error rather than silently ignored.
Status check_keys(const Json& j, const std::string& path,
                  std::initializer_list<std::string_view> allowed);

}  // namespace collegium::federation
