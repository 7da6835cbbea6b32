#include "analysis/suggest_merge.h"

#include <cstdio>
#include <string>
#include <utility>

#include "analysis/suggest_fields.h"

namespace waftune {
namespace {

bool SameCondition(const Condition& a, const Condition& b) {
  return a.field == b.field && a.name == b.name && a.patterns == b.patterns;
}

bool IsFieldOnly(const SuggestionFinding& s) {
  return s.exclusion.note.find(kFieldOnlyNote) != std::string::npos;
}

uint64_t Legit(const SuggestionFinding& s) { return s.replay.released_legitimate.value_or(0); }

// "26 legitimate of 28 released, 92.9% of the rule's legitimate"
std::string Figures(const SuggestionFinding& s) {
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", 100.0 * s.coverage);
  return std::to_string(Legit(s)) + " legitimate of " + std::to_string(s.replay.released) +
         " released, " + pct + " of the rule's legitimate";
}

// Index into `kids` of the refinement that becomes the suggestion, or -1.
int Preferred(const SuggestionFinding& parent, const std::vector<SuggestionFinding*>& kids,
              const SuggestOptions& judge, const MergeOptions& o) {
  int best = -1;
  for (size_t i = 0; i < kids.size(); ++i) {
    const SuggestionFinding& k = *kids[i];
    if (!PassesReplay(k.replay, judge)) continue;
    if (parent.kept && (k.coverage + o.max_coverage_loss < parent.coverage ||
                        k.replay.released >= parent.replay.released)) {
      continue;
    }
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const SuggestionFinding& b = *kids[best];
    bool better = parent.kept ? k.replay.released < b.replay.released
                              : (Legit(k) > Legit(b) ||
                                 (Legit(k) == Legit(b) && k.replay.released < b.replay.released));
    if (better) best = static_cast<int>(i);
  }
  return best;
}

// Why a passing refinement is not the suggestion.
std::string NotPreferred(const SuggestionFinding& k, const SuggestionFinding& parent,
                         const SuggestionFinding* chosen, const MergeOptions& o) {
  if (parent.kept && k.coverage + o.max_coverage_loss < parent.coverage) {
    return "releases less of the rule's legitimate traffic than " + parent.exclusion.id +
           " (" + Figures(parent) + ")";
  }
  if (chosen != nullptr) return chosen->exclusion.id + " is preferred (" + Figures(*chosen) + ")";
  return "releases no fewer requests than " + parent.exclusion.id + " (" + Figures(parent) +
         "), which stays the suggestion";
}

// Verdicts of one parent scope and its refinements.
void Settle(SuggestionFinding* parent, const std::vector<SuggestionFinding*>& kids,
            const SuggestOptions& judge, const MergeOptions& o) {
  int pick = Preferred(*parent, kids, judge, o);
  SuggestionFinding* chosen = pick < 0 ? nullptr : kids[pick];
  const std::string of = "narrows " + parent->exclusion.id;
  for (SuggestionFinding* k : kids) {
    if (!PassesReplay(k->replay, judge)) {
      k->Decide(SuggestionVerdict::kRejected, of + ": " + k->reason);
    } else if (k != chosen) {
      k->Decide(SuggestionVerdict::kAlternative,
                "passes, " + of + "; not the suggestion: " + NotPreferred(*k, *parent, chosen, o));
    }
  }
  if (chosen == nullptr) return;
  chosen->Decide(
      SuggestionVerdict::kSuggested,
      parent->kept
          ? "narrower than " + parent->exclusion.id + " (" + Figures(*parent) +
                ") with nearly the same legitimate releases and fewer in all (single-field "
                "value shape)"
          : of + " (rejected: " + parent->reason + ") and passes (single-field value shape)");
  if (parent->kept) {
    parent->Decide(SuggestionVerdict::kAlternative,
                   "passes, but the narrower " + chosen->exclusion.id + " is the suggestion");
  }
}

void SettleFieldOnly(const std::vector<SuggestionFinding*>& wide, bool rule_has_kept,
                     const SuggestOptions& judge) {
  SuggestionFinding* best = nullptr;
  for (SuggestionFinding* w : wide) {
    if (!PassesReplay(w->replay, judge)) continue;
    if (!rule_has_kept && (best == nullptr || Legit(*w) > Legit(*best))) best = w;
  }
  for (SuggestionFinding* w : wide) {
    if (!PassesReplay(w->replay, judge)) {
      w->Decide(SuggestionVerdict::kRejected, "field-only: " + w->reason);
    } else if (w == best) {
      w->Decide(SuggestionVerdict::kSuggested,
                "field-only scope: no path scope of this rule passes (single-field value shape)");
    } else {
      w->Decide(SuggestionVerdict::kAlternative,
                rule_has_kept
                    ? "passes; not the suggestion: path scopes of this rule pass, and a "
                      "field-only scope also covers paths without evidence"
                    : "passes; not the suggestion: " + best->exclusion.id +
                          " releases more legitimate");
    }
  }
}

}  // namespace

bool Refines(const SuggestionFinding& child, const SuggestionFinding& parent) {
  const auto& c = child.exclusion.when;
  const auto& p = parent.exclusion.when;
  if (child.rule != parent.rule || child.rule_group != parent.rule_group ||
      c.size() != p.size() + 1) {
    return false;
  }
  for (size_t i = 0; i < p.size(); ++i) {
    if (!SameCondition(c[i], p[i])) return false;
  }
  return true;
}

std::vector<SuggestionFinding> MergeRefinements(std::vector<SuggestionFinding> parents,
                                                std::vector<SuggestionFinding> refined,
                                                const SuggestOptions& judge,
                                                const MergeOptions& o) {
  std::vector<std::vector<SuggestionFinding*>> kids(parents.size());
  std::vector<SuggestionFinding*> wide, orphans;
  for (SuggestionFinding& r : refined) {
    if (IsFieldOnly(r)) {
      wide.push_back(&r);
      continue;
    }
    bool placed = false;
    for (size_t p = 0; p < parents.size() && !placed; ++p) {
      if (Refines(r, parents[p])) {
        kids[p].push_back(&r);
        placed = true;
      }
    }
    if (!placed) orphans.push_back(&r);
  }
  for (size_t p = 0; p < parents.size(); ++p) Settle(&parents[p], kids[p], judge, o);
  std::vector<SuggestionFinding> out;
  for (size_t p = 0; p < parents.size(); ++p) {
    const std::string rule = parents[p].rule, group = parents[p].rule_group;
    for (SuggestionFinding* k : kids[p]) out.push_back(std::move(*k));
    out.push_back(std::move(parents[p]));
    bool last_of_rule = p + 1 == parents.size() || parents[p + 1].rule != rule ||
                        parents[p + 1].rule_group != group;
    if (!last_of_rule) continue;
    std::vector<SuggestionFinding*> mine;
    for (SuggestionFinding* w : wide) {
      if (w->rule == rule && w->rule_group == group) mine.push_back(w);
    }
    bool has_kept = false;
    for (const SuggestionFinding& s : out) {
      has_kept |= s.kept && s.rule == rule && s.rule_group == group;
    }
    SettleFieldOnly(mine, has_kept, judge);
    for (SuggestionFinding* w : mine) out.push_back(std::move(*w));
  }
  // Not expected (refinements come from `parents`), but never dropped
  // silently: listed, not kept.
  for (SuggestionFinding* r : orphans) {
    r->Decide(PassesReplay(r->replay, judge) ? SuggestionVerdict::kAlternative
                                             : SuggestionVerdict::kRejected,
              "no parent scope: " + r->reason);
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace waftune
