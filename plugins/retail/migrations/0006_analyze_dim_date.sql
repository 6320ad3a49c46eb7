-- dim_date is filled once, by 0002, and never analyzed after it on the embedded database (no
-- autovacuum there) or, on a server, until autovacuum gets to it: without statistics the planner
-- took it for 2,400 rows with duplicate dates, estimated the fact load's join at 2.9M rows
-- instead of 362k and sorted every item for a merge join. Its statistics never change.
ANALYZE dim_date;
