// name: friend_count_distribution
// description: How many accounts have each number of (mutual) friends.
// columns: friends, accounts (count)
// chart: bar x=friends y=accounts
MATCH (a:Account)
WITH COUNT { (a)-[:FRIEND]-(:Account) } AS friends
RETURN friends, count(*) AS accounts
ORDER BY friends;
