-- Test only (MigrateProgramTest): a migration that fails, as a script with a mistake in it would.
ALTER TABLE no_such_table_here ADD COLUMN never INT;
