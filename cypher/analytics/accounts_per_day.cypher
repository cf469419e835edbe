// name: accounts_per_day
// description: Sign-ups per day and the running total of accounts.
// columns: day, signups (count), accounts (count)
// chart: line x=day y=accounts
MATCH (a:Account)
WITH date(datetime({epochMillis: a.created_at})) AS day, count(*) AS signups
ORDER BY day
WITH collect({day: day, signups: signups}) AS days
UNWIND range(0, size(days) - 1) AS i
RETURN toString(days[i].day) AS day, days[i].signups AS signups,
       reduce(total = 0, d IN days[0..i + 1] | total + d.signups) AS accounts
ORDER BY day;
