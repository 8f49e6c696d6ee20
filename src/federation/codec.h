// The JSON form of the registry's entities. The same form is used by federation files,
// by event payloads in the public record and by the API, so that what a user writes is
// what the record shows.
//
// Readers check structure only (required fields, types, known enum values) and name the
// offending JSON path; the rules (ids exist, names are unique...) live in decide().
#pragma once

#include "base/fields.h"
#include "base/json.h"
#include "base/status.h"
#include "federation/constitution.h"
#include "federation/decide.h"
#include "federation/events.h"
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
// value is its fields. Used by federation files, scenario tests and the API. The names and
// readers are the table GivenCommand (decide.h): each command's kName and fields().
Result<Command> command_from_json(const Json& j, const std::string& path);
// A command as command_from_json reads it: {"nominate": {...}}. Nullopt for the clock's
// steps, which are never given in JSON.
std::optional<Json> command_to_json(const Command& c);
// name -> the JSON Schema of that command's body, for every command of GivenCommand (the
// OpenAPI document lists them).
Json command_schemas();
// The payload of an event of type `type`, read through its struct (events.h); nullopt for
// a type that is not in RegistryEvent. Keys the struct does not have are left alone (the
// record may say more than this version reads); a missing or mistyped one is an error.
std::optional<Result<RegistryEvent>> read_registry_event(std::string_view type, const Json& payload,
                                                         const std::string& path);

// The JSON Schema of an entity as its reader above takes it ("region", "member"...).
Json entity_schema(std::string_view entity);

// Checks that `j` is an object whose keys are all in `allowed`, so that a misspelt field
// is an error rather than silently ignored.
Status check_keys(const Json& j, const std::string& path,
                  std::initializer_list<std::string_view> allowed);

}  // namespace collegium::federation

namespace collegium {

// The entities and the constitution are read by their hand-written readers above (for
// their own wording of errors), so that they can be fields and command bodies.
#define COLLEGIUM_ENTITY_CODEC(T, reader, entity)                                \
  template <>                                                                    \
  struct JsonCodec<federation::T> {                                              \
    static Result<federation::T> read(const Json& j, const std::string& path) {  \
      return federation::reader(j, path);                                        \
    }                                                                            \
    static Json write(const federation::T& v) { return federation::to_json(v); } \
    static Json schema() { return federation::entity_schema(entity); }           \
  };
COLLEGIUM_ENTITY_CODEC(Region, region_from_json, "region")
COLLEGIUM_ENTITY_CODEC(Branch, branch_from_json, "branch")
COLLEGIUM_ENTITY_CODEC(Workplace, workplace_from_json, "workplace")
COLLEGIUM_ENTITY_CODEC(Shop, shop_from_json, "shop")
COLLEGIUM_ENTITY_CODEC(Member, member_from_json, "member")
COLLEGIUM_ENTITY_CODEC(Body, body_from_json, "body")
COLLEGIUM_ENTITY_CODEC(Constitution, constitution_from_json, "constitution")
#undef COLLEGIUM_ENTITY_CODEC

// A command whose JSON body is one entity: {"create_region": {"id": ..., "name": ...}}.
template <class C, class E, E C::*M>
struct EntityBodyCodec {
  static Result<C> read(const Json& j, const std::string& path) {
    auto e = JsonCodec<E>::read(j, path);
    if (!e.ok()) return e.status();
    C c;
    c.*M = std::move(*e);
    return c;
  }
  static Json write(const C& c) { return JsonCodec<E>::write(c.*M); }
  static Json schema() { return JsonCodec<E>::schema(); }
};
#define COLLEGIUM_ENTITY_BODY(C, E, m) \
  template <>                          \
  struct JsonCodec<federation::C>      \
      : EntityBodyCodec<federation::C, federation::E, &federation::C::m> {};
COLLEGIUM_ENTITY_BODY(CreateRegion, Region, region)
COLLEGIUM_ENTITY_BODY(CreateBranch, Branch, branch)
COLLEGIUM_ENTITY_BODY(CreateWorkplace, Workplace, workplace)
COLLEGIUM_ENTITY_BODY(CreateShop, Shop, shop)
COLLEGIUM_ENTITY_BODY(AdmitMember, Member, member)
COLLEGIUM_ENTITY_BODY(DeclareBody, Body, body)
COLLEGIUM_ENTITY_BODY(FoundConstitution, Constitution, constitution)
COLLEGIUM_ENTITY_BODY(ApplyForAdmission, Member, member)
COLLEGIUM_ENTITY_BODY(RegionCreated, Region, region)
COLLEGIUM_ENTITY_BODY(BranchCreated, Branch, branch)
COLLEGIUM_ENTITY_BODY(WorkplaceCreated, Workplace, workplace)
COLLEGIUM_ENTITY_BODY(ShopCreated, Shop, shop)
COLLEGIUM_ENTITY_BODY(MemberAdmitted, Member, member)
COLLEGIUM_ENTITY_BODY(BodyDeclared, Body, body)
#undef COLLEGIUM_ENTITY_BODY

}  // namespace collegium
