// Benchmark set-up and the naive baselines the benchmarks compare against.

// name: bulk_accounts
// Accounts with their own phone identifier, created in one batch.
UNWIND $rows AS row
CREATE (a:Account {id: row.id, created_at: row.created_at})
MERGE (i:Identifier {key: row.key})
ON CREATE SET i.kind = 'phone'
CREATE (a)-[:HAS_IDENTIFIER]->(i)

// name: bulk_contacts
UNWIND $rows AS row
MATCH (a:Account {id: row.account_id})
UNWIND row.keys AS key
MERGE (i:Identifier {key: key})
ON CREATE SET i.kind = 'phone'
MERGE (a)-[:HAS_CONTACT]->(i)

// name: naive_add_one_contact
// The baseline: one statement (and one round trip) per contact.
MATCH (a:Account {id: $account_id})
MERGE (i:Identifier {key: $key})
ON CREATE SET i.kind = 'phone'
MERGE (a)-[:HAS_CONTACT]->(i)
