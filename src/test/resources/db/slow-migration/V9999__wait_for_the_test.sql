-- Test only (SlowMigrationTest): a migration that runs until the test releases the named lock it holds.
-- Its version stays far above the real migrations (db/migration) so that it never takes one of their numbers.
SELECT GET_LOCK('myblog_slow_migration', 600);
