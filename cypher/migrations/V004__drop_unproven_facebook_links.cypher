// V004: Facebook links made before links needed proof (issue 13) are dropped. Each was a claim:
// anyone could name anyone's Facebook id and friend list. Owners link again with a token.
// 1. Friendships of every account that claimed an id or listed Facebook friends are rechecked
//    without Facebook; those that rested on it end (a phone friendship on both sides stays).
MATCH (a:Account)-[:HAS_IDENTIFIER|HAS_CONTACT]->(:Identifier {kind: 'fb'})
WITH DISTINCT a
MATCH (a)-[f:FRIEND]-(b:Account)
WHERE NOT (
  EXISTS { (a)-[:HAS_CONTACT]->(:Identifier {kind: 'phone'})<-[:HAS_IDENTIFIER]-(b) }
  AND EXISTS { (b)-[:HAS_CONTACT]->(:Identifier {kind: 'phone'})<-[:HAS_IDENTIFIER]-(a) }
)
WITH DISTINCT f
DELETE f;
// 2. The claims, then the identifiers nothing references any more.
MATCH (:Account)-[r:HAS_IDENTIFIER|HAS_CONTACT]->(:Identifier {kind: 'fb'})
DELETE r;
MATCH (i:Identifier {kind: 'fb'})
WHERE NOT EXISTS { (i)<-[:HAS_IDENTIFIER|HAS_CONTACT]-() }
DELETE i;
