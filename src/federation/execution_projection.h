// Internal to the federation module: how the events of carrying out a plan change their
// tables (execution_projection.cc). The schema is execution_migration() (projection.h).
#pragma once

#include "federation/events.h"
#include "federation/projection.h"
#include "record/event.h"

namespace collegium::federation {

// An adopted round becomes the plan carried out, with the constitution's report period as
// it stands now (after apply_round_adopted).
Status apply_plan_adopted(StatementCache& q, const record::Event& e, const RoundAdopted& ev);
Status apply_reporters_named(StatementCache& q, const ReportersNamed& ev);
Status apply_report_filed(StatementCache& q, const record::Event& e, const ReportFiled& ev);
Status apply_report_confirmed(StatementCache& q, const record::Event& e, const ReportConfirmed& ev);
Status apply_signal_raised(StatementCache& q, const record::Event& e, const SignalRaised& ev);
Status apply_signal_worsened(StatementCache& q, const record::Event& e, const SignalWorsened& ev);
Status apply_signal_acknowledged(StatementCache& q, const record::Event& e,
                                 const SignalAcknowledged& ev);
Status apply_signal_resolved(StatementCache& q, const record::Event& e, const SignalResolved& ev);
Status apply_target_revised(StatementCache& q, const record::Event& e, const TargetRevised& ev);
Status apply_signal_escalated(StatementCache& q, const record::Event& e, const SignalEscalated& ev);

}  // namespace collegium::federation
