// name: contact_match_rate
// description: Share of uploaded identifiers (distinct, across all address books) that belong to an account.
// columns: uploaded (count), matched (count), match_rate
MATCH (i:Identifier)
WHERE EXISTS { (i)<-[:HAS_CONTACT]-(:Account) }
WITH count(i) AS uploaded, sum(CASE WHEN EXISTS { (i)<-[:HAS_IDENTIFIER]-(:Account) } THEN 1 ELSE 0 END) AS matched
RETURN uploaded, matched, CASE uploaded WHEN 0 THEN 0.0 ELSE round(toFloat(matched) / uploaded, 4) END AS match_rate;
