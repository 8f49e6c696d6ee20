// The longest texts the server takes, in characters (Unicode code points), as the rules set
// them (src/federation/rules.h and the rule files: statements, petitions, motions, appeals,
// labour, reports, rounds). The server refuses anything longer in the same words and
// numbers; the web app counts the same way to show a member how much room is left.
export const limits = {
  statement: 4000, // set_statement, open_recall's reason
  motion: 8000, // propose_motion, appointments and their recall, removals, appeals, hearings, rounds
  labourNote: 1000, // log_labour
  report: 20000, // report_back
  short: 100, // a round's period, an alternative's name
} as const;

// Characters as the server counts them: code points, so that a letter outside the
// Basic Multilingual Plane counts once, as do Cyrillic letters (two bytes each in UTF-8).
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
