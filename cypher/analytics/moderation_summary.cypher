// name: moderation_summary
// description: Flags by reason, posts flagged, share of them removed, and mean hours from first flag to first decision.
// columns: reason, flags (count), posts (count), removed (count), removed_share, hours_to_decision
// chart: bar x=reason y=flags
MATCH (p:Post)<-[f:FLAGGED]-(:Account)
WITH f.reason AS reason, p, count(f) AS flags, min(f.at) AS first_flag
OPTIONAL MATCH (d:ModerationDecision)-[:ABOUT]->(p)
WITH reason, p, flags, first_flag, min(d.at) AS first_decision
WITH reason, sum(flags) AS flags, count(p) AS posts,
     sum(CASE WHEN p.status = 'removed' THEN 1 ELSE 0 END) AS removed,
     avg(CASE WHEN first_decision IS NULL THEN null ELSE (first_decision - first_flag) / 3600000.0 END) AS hours
RETURN reason, flags, posts, removed, round(toFloat(removed) / posts, 4) AS removed_share,
       CASE WHEN hours IS NULL THEN null ELSE round(hours, 2) END AS hours_to_decision
ORDER BY flags DESC, reason;
