// Pepper versions: which version new keyed values are written under, and the rotation's re-keying.
// The labels and properties come from the declared list KEYED in secret_graph/peppers.py, never
// from a request.

// name: writing_version
// One node holds the version writers use; none means version 1 (no rotation ever ran).
OPTIONAL MATCH (s:PepperState {name: 'pepper'})
RETURN coalesce(s.writing, 1) AS version, s.rotated_at AS rotated_at

// name: start_writing
MERGE (s:PepperState {name: 'pepper'})
SET s.writing = $version, s.started_at = $now
REMOVE s.rotated_at

// name: finish
MATCH (s:PepperState {name: 'pepper'})
SET s.rotated_at = $now

// name: stale_values
// Every value of one keyed property not made under $version yet (the namespace, e.g. `phone:`, set aside).
MATCH (x:$($label))
WHERE x[$property] IS NOT NULL
WITH x, x[$property] AS value
WITH x, value, CASE WHEN $namespaced THEN substring(value, size(split(value, ':')[0]) + 1) ELSE value END AS keyed
WHERE NOT keyed STARTS WITH $prefix
RETURN elementId(x) AS id, value

// name: rekey
// A value changed since it was read (a concurrent write) is left for the next pass. The label is
// checked, not matched: `(x:$($label))` would scan the label for every row instead of seeking the id.
UNWIND $rows AS row
MATCH (x)
WHERE elementId(x) = row.id AND $label IN labels(x) AND x[$property] = row.old
SET x[$property] = row.new
RETURN count(x) AS rekeyed

// name: drop_stale
// For lock nodes that hold nothing (CodeQuota): the stale one goes; the next request MERGEs the new key.
UNWIND $rows AS row
MATCH (x)
WHERE elementId(x) = row.id AND $label IN labels(x) AND x[$property] = row.old
DELETE x
RETURN count(*) AS rekeyed

// name: count_stale
MATCH (x:$($label))
WHERE x[$property] IS NOT NULL
WITH CASE WHEN $namespaced THEN substring(x[$property], size(split(x[$property], ':')[0]) + 1)
          ELSE x[$property] END AS keyed
WHERE NOT keyed STARTS WITH $prefix
RETURN count(*) AS stale
