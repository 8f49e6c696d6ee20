// Internal to the federation module: how the events of meetings and platforms change their
// tables (deliberation_projection.cc). The schema is deliberation_migration() (projection.h).
#pragma once

#include "federation/events.h"
#include "federation/projection.h"
#include "record/event.h"

namespace collegium::federation {

Status apply_meeting_scheduled(StatementCache& q, const record::Event& e,
                               const MeetingScheduled& ev);
Status apply_floor_requested(StatementCache& q, const record::Event& e, const FloorRequested& ev);
Status apply_floor_given(StatementCache& q, const record::Event& e, const FloorGiven& ev);
Status apply_minutes_written(StatementCache& q, const record::Event& e, const MinutesWritten& ev);
Status apply_minutes_confirmed(StatementCache& q, const MinutesConfirmed& ev);
Status apply_item_closed(StatementCache& q, const record::Event& e, const ItemClosed& ev);
// Publishes the item's minutes and empties its place in the minutes box.
Status apply_item_published(StatementCache& q, const record::Event& e, const ItemPublished& ev);
Status apply_platform_formed(StatementCache& q, const record::Event& e, const PlatformFormed& ev);
Status apply_platform_supported(StatementCache& q, const record::Event& e,
                                const PlatformSupported& ev);
Status apply_platform_recognised(StatementCache& q, const record::Event& e,
                                 const PlatformRecognised& ev);

}  // namespace collegium::federation
